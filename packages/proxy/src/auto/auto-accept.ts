// MOSN "Auto" on a proxy listener: detect each connection's protocol, run the listener pipeline (meta handler, limiters), hand it to its server connection.
import {
  createConnectionLimiter, createDetector, createPipeline, createQpsLimiter, type InboundHandler, isPipelineError,
  defaultOrder, matchHttp2Preface, orderProtocols, type OutboundHandler, type PipelineContext, ProtocolName
} from "@mosaic/detect"
import { matchHttp1 } from "@mosaic/protocol-http1"
import type { Connection } from "@mosaic/transport"
import type { ProxyContext } from "../context.ts"
import type { ListenerLimits } from "../config/listener-limits.ts"
import { Http1ServerConnection } from "../http1/server-connection.ts"
import type { RouteMatcher } from "../router/live-router.ts"
import { type StreamFilter, type StreamFilterHandler, StreamFilterStatus } from "../stream/filter.ts"
import { StreamFilterChain } from "../stream/filter-chain.ts"
import type { TransmetaFilterConfig } from "../stream/filters/transmeta.ts"
import type { XContext } from "../xprotocol/context.ts"
import type { Protocol } from "@mosaic/protocol"
import { XServerConnection } from "../xprotocol/server-connection.ts"
import { OrderedServerConnection } from "../ordered/server-connection.ts"
import type { DetectConfig, Http2Config, LimitsConfig } from "./config.ts"
import { fallbackTcpProxy } from "./fallback.ts"
import { GatedConnection } from "./gated-connection.ts"
import type { Http2HandoffShape } from "./http2-handoff.ts"
import { http1Status, xprotocolGate } from "./request-gate.ts"
import { createMetaHandler } from "./meta-handler.ts"
import { admitToCluster, releaseUpstream } from "../cluster/select-upstream.ts"
import { sweptTimers } from "../listener/connection-sweeper.ts"

/**
 * What an Auto listener's `on_message` handlers get: each decoded request as stream filters see it
 * (HTTP/1 or a registered protocol; headers readable and writable), before the listener's stream filters;
 * undefined for an HTTP/2 stream (the Runtime ingress or the h2 proxy decodes those).
 */
export type AutoMessage = StreamFilterHandler | undefined

/** The pipeline context of one detected connection. */
export interface AutoContext extends PipelineContext {
  /** The detected protocol: http1, http2, or a registered protocol's name. */
  readonly protocol: string
  readonly firstBytes: Uint8Array
}

export interface AutoListenerDeps {
  readonly listenerName: string
  /** The listener's timeouts and limits, given to the connection of whatever protocol is detected. */
  readonly limits?: ListenerLimits
  readonly filter: {
    readonly detect?: DetectConfig
    readonly http2?: Http2Config
    readonly limits?: LimitsConfig
    readonly meta?: TransmetaFilterConfig
  }
  readonly ctx: ProxyContext
  readonly x: XContext
  /** The registered protocols detected besides HTTP/1 and HTTP/2 (see detectableProtocols). */
  readonly protocols: ReadonlyArray<Protocol>
  readonly router: RouteMatcher
  readonly streamFilters?: StreamFilterChain | undefined
  readonly http2?: Http2HandoffShape | undefined
  /** Extra Kitex-style bound handlers (after the limiters). */
  readonly inbound?: ReadonlyArray<InboundHandler<AutoContext, AutoMessage>>
  /** `write` sees the bytes written to the connection. */
  readonly outbound?: ReadonlyArray<OutboundHandler<AutoContext, Uint8Array>>
  readonly log: (message: string) => void
}

export interface AutoAccept {
  readonly accept: (connection: Connection) => void
  /** Connections by detected protocol (and "rejected"), since start. */
  readonly counts: Record<string, number>
}

export const makeAutoAccept = (deps: AutoListenerDeps): AutoAccept => {
  const { ctx, x, router, log } = deps
  const detect = deps.filter.detect
  const enabled = new Set<string>((detect?.protocols ?? ["http2", "http1"]).map((p) => p.toLowerCase()))
  const h2 = deps.filter.http2 ?? { mode: "runtime" as const }
  if (h2.mode === "off") enabled.delete("http2")
  const limits = deps.filter.limits ?? { max_connections: 0, max_qps: 0 }
  const counts: Record<string, number> = {}
  const count = (k: string) => void (counts[k] = (counts[k] ?? 0) + 1)
  const byName = new Map(deps.protocols.map((p) => [p.name, p]))
  const xproto = (name: string): Protocol => byName.get(name)!

  // the listener pipeline: the meta handler at the head (Kitex), limiters next (Kitex appends its limiter handler), then the app's handlers
  const inbound: Array<InboundHandler<AutoContext, AutoMessage>> = []
  if (deps.filter.meta !== undefined) inbound.push(createMetaHandler(deps.filter.meta))
  let replyOverLimit: ((c: AutoContext) => void) | undefined
  if (limits.max_connections > 0) {
    inbound.push(createConnectionLimiter<AutoContext>({ max: limits.max_connections, onReject: (c) => replyOverLimit?.(c) }))
  }
  if (limits.max_qps > 0) inbound.push(createQpsLimiter<AutoContext, AutoMessage>({ qps: limits.max_qps, postDecode: true }))
  inbound.push(...(deps.inbound ?? []))
  const outbound = [...(deps.outbound ?? [])]
  const pipeline = createPipeline<AutoContext, AutoMessage, Uint8Array>({ inbound, outbound, net: {} })
  const plain = inbound.length === 0 && outbound.length === 0
  const perMessage = inbound.some((h) => h.onMessage !== undefined)

  /**
   * `on_message` for each request decoded on connection `c`: a stream filter in front of the listener's
   * own, so a rejection (QPS limiter: 429; any other handler's error: 503) is the stream's hijack, answered
   * in the protocol's own way (its hijack reply for the status) and, on HTTP/1,
   * in request order.
   */
  const onMessageFilter = (c: AutoContext): StreamFilter => ({
    beforeRoute: (s) => {
      const e = pipeline.onMessage(c, s)
      if (e !== undefined) {
        const qps = isPipelineError(e) && e.reason === "QpsOverLimit"
        s.sendHijack(qps ? 429 : 503, qps ? "over the listener's max_qps" : e.message)
      }
      return StreamFilterStatus.Continue
    }
  })

  /** A connection over max_connections: its first request answered as the protocol's overload, then closed. */
  replyOverLimit = (c) => {
    count("rejected")
    log(`auto listener ${deps.listenerName}: ${c.protocol} connection from ${c.connection.remoteAddress} over max_connections ${limits.max_connections}`)
    if (c.protocol === "http2") return
    if (c.protocol === "http1") return void c.connection.write(http1Status(503, true))
    const proto = xproto(c.protocol)
    const gate = xprotocolGate(proto, { admit: () => false, reply: (b) => void c.connection.write(b), fail: () => {} })
    gate.push(c.firstBytes, () => {})
  }

  const serve = (name: string, conn: Connection, first: Uint8Array, real: Connection): void => {
    count(name)
    if (name === "http2") return serveH2(conn, first, real)
    if (plain) return start(name, conn, deps.streamFilters)
    let ctxRef: AutoContext | undefined
    const gated = new GatedConnection(conn, {
      onRead: (b) => pipeline.onRead(ctxRef!, b),
      onWrite: (b) => pipeline.write(ctxRef!, b),
      onInactive: () => pipeline.onInactive(ctxRef!)
    })
    const c: AutoContext = ctxRef = { connection: gated, protocol: name, firstBytes: first }
    if (pipeline.onActive(c) !== undefined) {
      pipeline.onInactive(c)
      return
    }
    start(name, gated, perMessage ? StreamFilterChain.withFirst(onMessageFilter(c), deps.streamFilters, log) : deps.streamFilters)
  }

  const start = (name: string, conn: Connection, chain: StreamFilterChain | undefined): void => {
    if (name === "http1") return void new Http1ServerConnection(conn, ctx, router, chain, deps.limits)
    const p = xproto(name)
    if (p.ordered === true) return void new OrderedServerConnection(conn, x, router, p, p, chain, deps.limits)
    void new XServerConnection(conn, x, router, p, p, chain, deps.limits)
  }

  const serveH2 = (conn: Connection, first: Uint8Array, real: Connection): void => {
    const handoff = deps.http2
    if (handoff === undefined || h2.mode === "off") {
      log(`auto listener ${deps.listenerName}: closing HTTP/2 connection from ${conn.remoteAddress}: no HTTP/2 hand-off configured`)
      return conn.destroy()
    }
    let rejected = false
    const c: AutoContext = {
      // the limiter ends a rejected connection itself; an h2 one is answered stream by stream instead
      connection: Object.create(conn, { end: { value: () => void (rejected = true) } }) as Connection,
      protocol: "http2",
      firstBytes: first
    }
    const activeErr = plain ? undefined : pipeline.onActive(c)
    rejected ||= activeErr !== undefined
    let closed = false
    const cluster = h2.cluster
    handoff.take(conn, first, real, {
      mode: h2.mode,
      rejectAll: rejected,
      admit: () => plain || pipeline.onMessage(c, undefined) === undefined,
      pickHost: () => {
        if (cluster === undefined) return "UnknownCluster"
        const choice = admitToCluster(ctx.clusters, cluster, undefined)
        if (typeof choice === "string") return choice
        let released = false
        return {
          address: choice.host.address,
          release: () => {
            if (!released) releaseUpstream(choice)
            released = true
          }
        }
      },
      onClose: () => {
        if (closed) return
        closed = true
        if (!plain && !rejected) pipeline.onInactive(c)
      },
      log,
      ...(deps.limits === undefined ? {} : { limits: deps.limits })
    })
  }

  // real transport connection of each connection under detection (the h2 hand-off detaches its socket)
  const reals = new Map<number, Connection>()
  const protocols = [
    ...(enabled.has("http2") ? [{ name: ProtocolName.Http2, match: matchHttp2Preface }] : []),
    ...(enabled.has("http1") ? [{ name: ProtocolName.Http1, match: matchHttp1 }] : []),
    ...deps.protocols.map((p) => ({ name: p.name, match: p.match! }))
  ].map((p) => ({
    name: p.name,
    match: p.match,
    handle: (conn: Connection, first: Uint8Array) => {
      const real = reals.get(conn.id) ?? conn
      reals.delete(conn.id)
      serve(p.name, conn, first, real)
    }
  }))
  const fallbackCluster = detect?.fallback_cluster
  const detector = createDetector({
    protocols: orderProtocols(protocols, detect?.order ?? defaultOrder),
    maxBytes: detect?.max_bytes ?? 64,
    timeoutMs: detect?.timeout ?? 5000,
    // a connection that never says enough is closed by the shared sweeper, not a timer of its own; once
    // detected, the protocol's connection owns the deadlines (X: idle and partial-frame timeouts from
    // `deps.limits`; HTTP/1: its own; HTTP/2: the hand-off's)
    timers: sweptTimers,
    ...(fallbackCluster === undefined ? {} : {
      fallback: (conn: Connection, first: Uint8Array) => {
        reals.delete(conn.id)
        count("fallback")
        fallbackTcpProxy(conn, first, ctx, fallbackCluster, log)
      }
    }),
    onReject: ({ reason, remote, bytes }) => {
      count("unknown")
      log(`auto listener ${deps.listenerName}: closing connection from ${remote}: protocol not detected (${reason}) after ${bytes} bytes`)
    }
  })
  return {
    counts,
    accept: (conn) => {
      // forget connections that closed before a decision
      if (reals.size >= 1024) for (const [id, c] of reals) if (c.closed) reals.delete(id)
      reals.set(conn.id, conn)
      detector.accept(conn)
    }
  }
}
