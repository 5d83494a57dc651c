// HTTP/2 connections handed off by an Auto listener: served by the Runtime API handler, or proxied stream by stream to an upstream cluster.
import * as http2 from "node:http2"
import type { Socket } from "node:net"
import { Duplex } from "node:stream"
import { Layer } from "effect"
import { guardH2Session, type H2Timeouts } from "@mosaic/ingress-connect"
import { Http2Handoff, type Http2HandoffShape, type Http2Target } from "@mosaic/proxy"
import { type Connection, TimeoutSweeper } from "@mosaic/transport"
import { detachSocket } from "@mosaic/transport-node"

/** A node request handler (e.g. @mosaic/ingress-connect's runtimeNodeHandler). */
export type H2Handler = (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void

export interface Http2HandoffOptions {
  /** Serves `mode: "runtime"` connections; without it they are answered UNIMPLEMENTED. */
  readonly runtime?: H2Handler
  /**
   * Session timeouts (ms, 0 = off) when the listener gives none (`Http2Target.limits`): GOAWAY after
   * `idleMs` without an open stream, close when no stream opens within `firstStreamMs`, reset a stream
   * whose body is not complete `bodyMs` after its headers. Default: the listener defaults, 90 s / 10 s / 60 s.
   */
  readonly timeouts?: Partial<H2Timeouts>
}

const DEFAULT_TIMEOUTS: H2Timeouts = { idleMs: 90_000, firstStreamMs: 10_000, bodyMs: 60_000 }

const isDeno = "Deno" in globalThis
const noop = () => {}

/** Deno's node parser reads a not-yet-"consumed" handle directly and can overtake replayed bytes (as in ingress-connect's one-port). */
const keepOnDataEvents = (socket: Socket) => {
  const handle = (socket as unknown as { _handle?: { _consumed?: boolean } })._handle
  if (handle !== undefined && handle !== null) handle._consumed = true
}

/** A Duplex over a Connection (in-memory pipes, or any transport without a node socket). */
const connectionDuplex = (conn: Connection): Duplex => {
  const d = new Duplex({
    read: () => conn.resume(),
    write: (chunk: Uint8Array, _e, cb) => {
      conn.write(chunk)
      cb()
    },
    final: (cb) => {
      conn.end()
      cb()
    },
    destroy: (err, cb) => {
      conn.destroy()
      cb(err)
    }
  })
  conn.setHandler({
    onData: (c) => {
      if (!d.push(Buffer.from(c))) conn.pause()
    },
    onClose: () => {
      d.push(null)
    }
  })
  return d
}

const isGrpc = (ct: unknown) => typeof ct === "string" && ct.startsWith("application/grpc")

/** RESOURCE_EXHAUSTED (8) for gRPC, HTTP 429 with a Connect error body otherwise. */
const rejectStream = (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders, grpcCode: number, httpStatus: number, message: string) => {
  if (stream.destroyed || stream.headersSent) return
  if (isGrpc(headers["content-type"])) {
    stream.respond({ ":status": 200, "content-type": headers["content-type"] as string, "grpc-status": String(grpcCode), "grpc-message": encodeURIComponent(message) }, { endStream: true })
  } else {
    const code = grpcCode === 8 ? "resource_exhausted" : grpcCode === 14 ? "unavailable" : "unimplemented"
    stream.respond({ ":status": httpStatus, "content-type": "application/json" })
    stream.end(JSON.stringify({ code, message }))
  }
  stream.resume()
}

const HOP = new Set([":status", "connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection"])

export const createHttp2Handoff = (options: Http2HandoffOptions = {}): Http2HandoffShape => {
  const sessions = new Set<http2.Http2Session>()
  const sockets = new Set<Duplex>()
  const clients = new Map<string, http2.ClientHttp2Session>()
  const sweeper = new TimeoutSweeper()
  const defaults: H2Timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts }
  const timeoutsOf = (target: Http2Target): H2Timeouts =>
    target.limits === undefined ? defaults : {
      idleMs: target.limits.connection_idle_timeout,
      firstStreamMs: target.limits.header_read_timeout,
      bodyMs: target.limits.request_body_timeout
    }

  const clientFor = (address: string): http2.ClientHttp2Session => {
    let c = clients.get(address)
    if (c === undefined || c.closed || c.destroyed) {
      c = http2.connect(`http://${address}`)
      const made = c
      made.on("error", noop)
      made.on("close", () => {
        if (clients.get(address) === made) clients.delete(address)
      })
      clients.set(address, made)
    }
    return c
  }

  /** One request forwarded as h2 to the chosen host; response headers, data and trailers relayed back. */
  const proxyStream = (target: Http2Target, stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders) => {
    const pick = target.pickHost()
    if (typeof pick === "string") return rejectStream(stream, headers, 14, 503, `mosaic proxy: ${pick}`)
    stream.on("close", pick.release)
    const out: http2.OutgoingHttpHeaders = {}
    for (const [k, v] of Object.entries(headers)) if (!HOP.has(k) && v !== undefined) out[k] = v
    let up: http2.ClientHttp2Stream
    try {
      up = clientFor(pick.address).request(out)
    } catch (e) {
      return rejectStream(stream, headers, 14, 502, `mosaic proxy: ${e instanceof Error ? e.message : String(e)}`)
    }
    let trailers: http2.IncomingHttpHeaders | undefined
    up.on("response", (h) => {
      const resp: http2.OutgoingHttpHeaders = { ":status": h[":status"] }
      for (const [k, v] of Object.entries(h)) if (!HOP.has(k) && v !== undefined) resp[k] = v
      // gRPC ends with trailers (status); other responses end with their last DATA frame
      if (!stream.destroyed) stream.respond(resp, { waitForTrailers: isGrpc(h["content-type"]) })
      up.pipe(stream)
    })
    up.on("trailers", (t) => {
      trailers = t
    })
    stream.on("wantTrailers", () => {
      const t: http2.OutgoingHttpHeaders = {}
      for (const [k, v] of Object.entries(trailers ?? {})) if (!k.startsWith(":") && v !== undefined) t[k] = v
      if (Object.keys(t).length === 0) {
        t["grpc-status"] = "14"
        t["grpc-message"] = "mosaic%20proxy%3A%20upstream%20sent%20no%20trailers"
      }
      stream.sendTrailers(t)
    })
    up.on("error", (e) => {
      if (!stream.headersSent) rejectStream(stream, headers, 14, 502, `mosaic proxy: upstream ${pick.address}: ${e.message}`)
      else stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR)
    })
    stream.on("error", noop)
    stream.on("close", () => {
      if (!up.closed) up.close(http2.constants.NGHTTP2_CANCEL)
    })
    stream.pipe(up)
  }

  const take = (conn: Connection, first: Uint8Array, real: Connection, target: Http2Target): void => {
    const server = http2.createServer()
    server.on("sessionError", noop)
    const timeouts = timeoutsOf(target)
    server.on("session", (session) => {
      sessions.add(session)
      session.on("error", noop)
      guardH2Session(session, sweeper, timeouts)
      session.on("close", () => {
        sessions.delete(session)
        target.onClose()
      })
    })
    const refused = (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): boolean => {
      if (target.rejectAll) {
        rejectStream(stream, headers, 8, 429, "mosaic proxy: over the listener's max_connections")
        stream.session?.close()
        return true
      }
      if (!target.admit()) {
        rejectStream(stream, headers, 8, 429, "mosaic proxy: over the listener's max_qps")
        return true
      }
      return false
    }
    const runtime = options.runtime
    if (target.mode === "runtime" && runtime !== undefined) {
      server.on("request", (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => {
        req.stream.on("error", noop)
        if (!refused(req.stream, req.headers)) runtime(req, res)
      })
    } else {
      server.on("stream", (stream, headers) => {
        stream.on("error", noop)
        if (refused(stream, headers)) return
        if (target.mode === "proxy") return proxyStream(target, stream, headers)
        rejectStream(stream, headers, 12, 501, "mosaic proxy: no Runtime API here")
      })
    }

    const socket = detachSocket(real)
    if (socket !== undefined) {
      sockets.add(socket)
      socket.on("error", noop)
      socket.once("close", () => {
        sockets.delete(socket)
        target.onClose()
      })
      socket.unshift(Buffer.from(first))
      if (isDeno) keepOnDataEvents(socket)
      server.emit("connection", socket)
      // Node's session reads the unshifted bytes itself; Bun's reads 'data' events and needs the socket flowing
      setImmediate(() => {
        if (!socket.destroyed && socket.readableLength > 0) socket.resume()
      })
      return
    }
    const duplex = connectionDuplex(conn)
    sockets.add(duplex)
    duplex.once("close", () => {
      sockets.delete(duplex)
      target.onClose()
    })
    server.emit("connection", duplex)
  }

  return {
    take,
    closeAll: () => {
      for (const s of sessions) s.destroy()
      for (const s of sockets) s.destroy()
      for (const c of clients.values()) c.destroy()
      clients.clear()
      sweeper.close()
    }
  }
}

/** The Http2Handoff service for `makeProxy` / the proxy plugin (Auto listeners). */
export const http2HandoffLayer = (options: Http2HandoffOptions = {}) => Layer.sync(Http2Handoff, () => createHttp2Handoff(options))
