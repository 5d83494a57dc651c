// One TCP port, two HTTP servers: each connection goes to h2c or HTTP/1.1 by its first bytes.
import * as http from "node:http"
import * as http2 from "node:http2"
import type * as net from "node:net"
import { createServer as createNetServer } from "node:net"
import { TimeoutSweeper } from "@mosaic/transport"
import { acceptErrorLog } from "./accept-errors.ts"
import { refuseOversize } from "./body-limit.ts"
import { Conn, type ConnTimeouts } from "./conn-deadlines.ts"
import { classifyFirstBytes } from "./first-bytes.ts"
import { guardH2Session } from "./h2-deadlines.ts"

export interface OnePortOptions {
  readonly host: string
  readonly port: number
  /** Also serve HTTP/1.1 alone on this address (the main address keeps sniffing). */
  readonly http1?: { readonly host: string; readonly port: number }
  readonly handler: NodeHandler
  /** Idle, head, body and first-bytes timeouts (ms, 0 = off; first bytes always on). */
  readonly timeouts: ConnTimeouts
  /** Requests with a larger `content-length` are refused before their body is read (0 = no check here). */
  readonly maxBodyBytes: number
  /** Connections open at once; more are closed at accept. 0 = unlimited. */
  readonly maxConnections: number
  /** Accept failures and refusals, one line per episode. */
  readonly log: (message: string) => void
  /** GOAWAY an h2 connection after this many streams; 0 = unlimited. */
  readonly maxStreamsPerConnection: number
  /** After stopAccepting, connections still open this long are destroyed (0: at once). */
  readonly drainTimeoutMs: number
}

export interface OnePortServer {
  readonly port: number
  /** The HTTP/1.1 port: `port` itself unless `http1` was given. */
  readonly http1Port: number
  /** Open TCP connections, any kind. */
  readonly connections: () => number
  /**
   * Stop accepting; GOAWAY every h2 connection (its streams finish); close idle HTTP/1.1 connections
   * and the busy ones after their response; destroy what is left after `drainTimeoutMs`.
   */
  readonly stopAccepting: () => void
  /** stopAccepting, then destroy every connection; resolves once the listeners are closed. */
  readonly close: () => Promise<void>
}

/** A request listener for both servers (what connectNodeAdapter returns). */
export type NodeHandler = (
  req: http.IncomingMessage | http2.Http2ServerRequest,
  res: http.ServerResponse | http2.Http2ServerResponse
) => void

const noop = () => {}
const isDeno = "Deno" in globalThis

/**
 * Deno's node:http parser reads the socket's handle directly when the handle is not yet "consumed";
 * bytes that reach the handle after the hand-off then overtake the replayed (unshifted) first bytes,
 * and the request is lost (measured: 9 of 60 `buf curl` calls when the request arrives in two TCP
 * segments). Marking the handle consumed keeps the parser on 'data' events, which are in order.
 * Node needs no help: the replay runs before any new read.
 */
const keepParserOnDataEvents = (socket: net.Socket) => {
  const handle = (socket as unknown as { _handle?: { _consumed?: boolean } })._handle
  if (handle !== undefined && handle !== null) handle._consumed = true
}

/** The smallest timeout that is on: the sweeper ticks at a quarter of it (10-250 ms). */
const minOn = (t: ConnTimeouts): number =>
  Math.min(...[t.idleMs, t.headerReadMs, t.bodyMs, t.firstBytesMs].filter((ms) => ms > 0))

const listen = (server: net.Server, host: string, port: number) =>
  new Promise<number>((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, host, () => {
      server.off("error", reject)
      resolve((server.address() as net.AddressInfo).port)
    })
  })

export const startOnePort = async (o: OnePortOptions): Promise<OnePortServer> => {
  const conns = new Map<net.Socket, Conn>()
  const sessions = new Set<http2.ServerHttp2Session>()
  const socketsClosed = new Set<Promise<void>>()
  const sweeper = new TimeoutSweeper(Math.max(10, Math.min(250, Math.floor(minOn(o.timeouts) / 4))))
  let stopping = false
  let drainTimer: ReturnType<typeof setTimeout> | undefined
  let overLimit = false
  const t = o.timeouts

  const h2 = http2.createServer({}, (req, res) => {
    if (o.maxBodyBytes > 0 && refuseOversize(req, res, o.maxBodyBytes)) return
    o.handler(req, res)
  })
  h2.on("sessionError", noop)
  h2.on("session", (session) => {
    sessions.add(session)
    session.on("close", () => sessions.delete(session))
    session.on("error", noop)
    if (stopping) return void session.close()
    const conn = h2Pending
    h2Pending = undefined
    guardH2Session(session, sweeper, { idleMs: t.idleMs, firstStreamMs: conn?.headerReadLeft() ?? t.headerReadMs, bodyMs: t.bodyMs })
    const max = o.maxStreamsPerConnection
    if (max > 0) {
      let streams = 0
      session.on("stream", () => {
        if (++streams === max) setImmediate(() => session.close())
      })
    }
  })
  /** The connection being handed to `h2` ('session' is emitted synchronously by emit("connection") on all three runtimes). */
  let h2Pending: Conn | undefined

  const h1 = http.createServer((req, res) => {
    const conn = conns.get(req.socket as net.Socket)
    if (conn !== undefined) {
      conn.onRequest(req, res)
      res.on("close", () => {
        conn.onResponseDone()
        if (stopping && conn.inFlight === 0) conn.socket.end()
      })
    }
    if (stopping) res.setHeader("connection", "close")
    if (o.maxBodyBytes > 0 && refuseOversize(req, res, o.maxBodyBytes)) return
    o.handler(req, res)
  })
  h1.on("clientError", (_e: Error, socket: net.Socket) => socket.destroy())
  // Deno's node:http destroys a connection after its response when the server is not `listening` (this one
  // never listens: sockets are handed over), while its reply still says `Connection: keep-alive`; a client
  // then reuses a dead socket (EPIPE). Marked listening, it keeps the connection as Node and Bun do.
  if (isDeno) Object.defineProperty(h1, "listening", { get: () => true, configurable: true })
  // Advertised in `Keep-Alive: timeout=N`, so clients drop an idle connection before the server does.
  h1.keepAliveTimeout = t.idleMs

  const toHttp1 = (conn: Conn) => {
    const socket = conn.socket
    conn.toHttp1()
    if (isDeno) keepParserOnDataEvents(socket)
    h1.emit("connection", socket)
    socket.resume()
  }
  const toH2 = (conn: Conn) => {
    const socket = conn.socket
    conn.toH2()
    h2Pending = conn
    h2.emit("connection", socket)
    h2Pending = undefined
    // Node's session drains the unshifted bytes itself on the next tick, then reads natively: the
    // socket must stay paused. Bun's reads 'data' events: it needs the socket flowing again.
    setImmediate(() => {
      if (!socket.destroyed && socket.readableLength > 0) socket.resume()
    })
  }

  const accept = (http1Only: boolean, name: () => string, accepted: () => void) => (socket: net.Socket) => {
    accepted()
    socket.on("error", noop)
    if (stopping) return void socket.destroy()
    if (o.maxConnections > 0 && conns.size >= o.maxConnections) {
      if (!overLimit) o.log(`ingress ${name()}: over max_connections ${o.maxConnections}; new connections are closed at accept`)
      overLimit = true
      return void socket.destroy()
    }
    overLimit = false
    const conn = new Conn(socket, sweeper, t)
    conns.set(socket, conn)
    const closed = new Promise<void>((resolve) =>
      socket.on("close", () => {
        conn.dispose()
        conns.delete(socket)
        socketsClosed.delete(closed)
        resolve()
      })
    )
    socketsClosed.add(closed)
    socket.setNoDelay(true)
    if (http1Only) return toHttp1(conn)
    let seen: Buffer | undefined
    const onData = (chunk: Buffer) => {
      seen = seen === undefined ? chunk : Buffer.concat([seen, chunk])
      const kind = classifyFirstBytes(seen)
      if (kind === "more") return
      socket.off("data", onData)
      socket.pause()
      socket.unshift(seen)
      if (kind === "h2") toH2(conn)
      else toHttp1(conn)
    }
    socket.on("data", onData)
  }

  const listenerOf = (http1Only: boolean) => {
    const name = () => {
      const a = server.address()
      return a !== null && typeof a === "object" ? `${a.address}:${a.port}` : "listener"
    }
    const errors = acceptErrorLog(name, o.log)
    const server: net.Server = createNetServer(accept(http1Only, name, errors.accepted))
    return { server, onError: errors.onError }
  }
  const mainListener = listenerOf(false)
  const main = mainListener.server
  const http1Listener = o.http1 === undefined ? undefined : listenerOf(true)
  const http1Server = http1Listener?.server
  const listeners = http1Server === undefined ? [main] : [main, http1Server]
  const closed = listeners.map((s) => new Promise<void>((resolve) => s.once("close", () => resolve())))
  const port = await listen(main, o.host, o.port)
  let http1Port = port
  if (http1Server !== undefined && o.http1 !== undefined) {
    try {
      http1Port = await listen(http1Server, o.http1.host, o.http1.port)
    } catch (e) {
      main.close()
      throw e
    }
  }
  // After listen: an 'error' now is a failed accept (EMFILE/ENFILE); without a listener it would crash the process.
  main.on("error", mainListener.onError)
  if (http1Listener !== undefined) http1Listener.server.on("error", http1Listener.onError)

  // Sockets first: a hard close sends no GOAWAY (connect-node's client can raise an uncaught
  // "received GOAWAY without any open streams" when one lands on an idle connection as it closes).
  const destroyAll = () => {
    for (const socket of conns.keys()) socket.destroy()
    for (const session of sessions) session.destroy()
  }

  const stopAccepting = () => {
    if (stopping) return
    stopping = true
    for (const s of listeners) s.close()
    for (const session of sessions) session.close()
    for (const [socket, conn] of conns) {
      if (conn.kind === "sniff") socket.destroy()
      else if (conn.kind === "h1" && conn.inFlight === 0) socket.end()
    }
    if (o.drainTimeoutMs === 0) return destroyAll()
    drainTimer = setTimeout(destroyAll, o.drainTimeoutMs)
    ;(drainTimer as { unref?: () => void }).unref?.()
  }

  return {
    port,
    http1Port,
    connections: () => conns.size,
    stopAccepting,
    close: async () => {
      stopAccepting()
      // Answers already produced are still being flushed: give gracefully closing connections a
      // short grace (bounded by the drain timeout) before cutting what is left.
      const allClosed = Promise.all([...closed, ...socketsClosed])
      const grace = Math.min(o.drainTimeoutMs, 1000)
      if (grace > 0) {
        let timer: ReturnType<typeof setTimeout> | undefined
        await Promise.race([allClosed, new Promise<void>((r) => { timer = setTimeout(r, grace) })])
        clearTimeout(timer)
      }
      if (drainTimer !== undefined) clearTimeout(drainTimer)
      destroyAll()
      await allClosed
      sweeper.close()
    }
  }
}
