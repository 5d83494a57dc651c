// A downstream Bolt/Dubbo connection: decode frames, answer heartbeats, route each request, forward raw, write replies.
import type { Connection, ConnectionHandler } from "@mosaic/transport"
import { releaseUpstream, selectUpstream } from "../cluster/select-upstream.ts"
import type { RouterTable } from "../router/router-table.ts"
import type { XContext } from "./context.ts"
import { isProtocolDecodeError, type ProtocolDecodeError } from "./errors.ts"
import { HIJACK_STATS_CODE } from "./hijack-status.ts"
import { muxPool } from "./mux-pool.ts"
import { Outbox } from "./outbox.ts"
import type { HijackCode, XDecoder, XProtocol } from "./protocol.ts"
import { XStream } from "./stream.ts"

export class XServerConnection<F> implements ConnectionHandler {
  readonly conn: Connection
  readonly x: XContext
  readonly proto: XProtocol<F>
  readonly outbox: Outbox
  private readonly upstreamProto: XProtocol<F>
  private readonly router: RouterTable
  private readonly decoder: XDecoder<F>
  // requests in flight (two-way, forwarded or waiting for a connection), oldest first
  private head: XStream<F> | undefined = undefined
  private tail: XStream<F> | undefined = undefined
  private inFlight = 0
  /** No more frames are read (bad input, or closed). */
  private closing = false
  private closed = false
  private paused = false
  private writeBlocked = false

  constructor(conn: Connection, x: XContext, router: RouterTable, proto: XProtocol<F>, upstreamProto: XProtocol<F>) {
    this.conn = conn
    this.x = x
    this.router = router
    this.proto = proto
    this.upstreamProto = upstreamProto
    this.decoder = proto.createDecoder()
    this.outbox = new Outbox(conn, x.flusher)
    this.outbox.onBlocked = () => {
      this.writeBlocked = true
      this.updateReading()
    }
    x.base.connections.add(conn)
    x.base.stats.downstreamConnections++
    conn.setHandler(this)
  }

  onData(chunk: Uint8Array): void {
    if (this.closing) return
    const d = this.decoder
    const proto = this.proto
    let now = 0
    try {
      d.push(chunk)
      for (let r = d.read(); r !== undefined; r = d.read()) {
        const f = r.frame
        switch (proto.kind(f)) {
          case "request":
            if (now === 0) now = Date.now()
            this.onRequest(f, r.raw, false, now)
            break
          case "oneway":
            this.onRequest(f, r.raw, true, now)
            break
          case "heartbeat":
            // answered here, never forwarded (MOSN: the stream layer replies inline)
            this.outbox.push(proto.heartbeatReply(f, r.raw))
            break
          // a client's responses, acks, GOAWAY and other events: dropped
        }
        if (this.closing) return
      }
    } catch (e) {
      if (!isProtocolDecodeError(e)) throw e
      this.badFrame(e)
    }
  }

  onDrain(): void {
    this.writeBlocked = false
    this.updateReading()
  }

  onClose(): void {
    if (this.closed) return
    this.closed = true
    this.closing = true
    this.x.base.connections.delete(this.conn)
    this.outbox.clear()
    // the caller is gone: forget its requests upstream (a late answer is dropped by id)
    let s = this.head
    while (s !== undefined) {
      const next = s.next
      if (s.upstream !== undefined) s.upstream.forget(s)
      s.queuedRaw = undefined
      this.cleanup(s)
      s = next
    }
    this.head = this.tail = undefined
  }

  /** Route one request and forward its raw bytes (only the id rewritten), or answer it here. */
  private onRequest(frame: F, raw: Uint8Array, oneway: boolean, now: number): void {
    const x = this.x
    const ctx = x.base
    ctx.stats.downstreamRequests++
    const s = new XStream<F>(this, frame, oneway)
    this.proto.captureId(s, raw)
    if (ctx.lifecycle !== undefined) {
      if (!ctx.lifecycle.begin()) return this.hijack(s, "Draining", "draining")
      s.began = true
    }
    const rule = this.router.match(s)
    if (rule === undefined) return this.hijack(s, "NoRoute", "no route")
    const action = rule.action
    if (action.directResponse !== undefined) {
      this.cleanup(s)
      if (!oneway) this.outbox.push(this.proto.directResponse(s, action.directResponse.status, new TextDecoder().decode(action.directResponse.body)))
      return
    }
    // cluster (cluster_name, cluster_header, weighted_clusters), circuit breaker max_requests, balancer
    const choice = selectUpstream(ctx.clusters, rule, s, this.conn.remoteAddress)
    if (choice === "UnknownCluster") return this.hijack(s, choice, "unknown cluster")
    if (choice === "Overflow") return this.hijack(s, choice, "upstream overflow (circuit breaker max_requests)")
    if (choice === "NoHealthyHost") return this.hijack(s, choice, "no healthy upstream host")
    s.choice = choice
    const pool = muxPool(x, choice.cluster, choice.host, x.clusters.get(choice.cluster.name)!, this.upstreamProto)
    if (oneway) {
      // forwarded with a fresh id and forgotten: nobody waits for an answer
      pool.send(s, raw)
      return this.cleanup(s)
    }
    this.link(s)
    ctx.deadlines.add(s, action.timeoutMs, now === 0 ? Date.now() : now)
    pool.send(s, raw)
  }

  /** The upstream answered `s`: its id goes back in place and the raw bytes go downstream. */
  respond(s: XStream<F>, raw: Uint8Array): void {
    this.cleanup(s)
    if (this.closed) return
    this.proto.restoreId(raw, s)
    this.outbox.push(raw)
  }

  /** Give up on `s` (timeout, upstream trouble, overflow) and answer it with the protocol's status. */
  fail(s: XStream<F>, code: HijackCode, message: string): void {
    if (s.done) return
    if (s.upstream !== undefined) s.upstream.forget(s)
    s.queuedRaw = undefined
    this.hijack(s, code, message)
  }

  private hijack(s: XStream<F>, code: HijackCode, message: string): void {
    this.cleanup(s)
    const stats = this.x.base.stats
    const key = HIJACK_STATS_CODE[code]
    stats.hijacks[key] = (stats.hijacks[key] ?? 0) + 1
    if (s.oneway || this.closed) return
    this.outbox.push(this.proto.hijack(s, code, message))
  }

  private cleanup(s: XStream<F>): void {
    s.done = true
    s.upstream = undefined
    if (s.dlList !== undefined) this.x.base.deadlines.remove(s)
    if (s.choice !== undefined) {
      releaseUpstream(s.choice)
      s.choice = undefined
    }
    if (s.began) {
      s.began = false
      this.x.base.lifecycle!.end()
    }
    if (s.linked) this.unlink(s)
  }

  /** Undecodable bytes: a protocol error reply when the frame's header is readable, then close this connection only. */
  private badFrame(e: ProtocolDecodeError): void {
    this.closing = true
    const reply = this.proto.codecErrorReply(this.decoder.pending(), `bad frame (${e.reason})`)
    this.x.log(`${this.proto.name} proxy: closing downstream connection from ${this.conn.remoteAddress}: bad frame (${e.reason}): ${e.message}`)
    if (reply !== undefined) {
      const stats = this.x.base.stats
      stats.hijacks[400] = (stats.hijacks[400] ?? 0) + 1
      this.outbox.push(reply)
    }
    this.outbox.flush()
    this.conn.end()
  }

  private link(s: XStream<F>): void {
    s.linked = true
    s.prev = this.tail
    if (this.tail === undefined) this.head = s
    else this.tail.next = s
    this.tail = s
    if (++this.inFlight >= this.x.maxInFlight) this.updateReading()
  }

  private unlink(s: XStream<F>): void {
    s.linked = false
    if (s.prev === undefined) this.head = s.next
    else s.prev.next = s.next
    if (s.next === undefined) this.tail = s.prev
    else s.next.prev = s.prev
    s.prev = s.next = undefined
    this.inFlight--
    if (this.paused) this.updateReading()
  }

  /** Pause reading while too many requests are in flight or the socket is not draining. */
  private updateReading(): void {
    if (this.closed) return
    const max = this.x.maxInFlight
    const stop = this.writeBlocked || this.inFlight >= max
    if (stop && !this.paused) {
      this.paused = true
      this.conn.pause()
    } else if (!stop && this.paused && this.inFlight < max / 2) {
      this.paused = false
      this.conn.resume()
    }
  }
}
