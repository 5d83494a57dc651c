// One TCP port, two HTTP servers: each connection goes to h2c or HTTP/1.1 by its first bytes.
import * as http from "node:http"
import * as http2 from "node:http2"
import type * as net from "node:net"
import { createServer as createNetServer } from "node:net"
import { classifyFirstBytes } from "./first-bytes.ts"

export interface OnePortOptions {
  readonly host: string
  readonly port: number
  /** Also serve HTTP/1.1 alone on this address (the main address keeps sniffing). */
  readonly http1?: { readonly host: string; readonly port: number }
  readonly handler: NodeHandler
  readonly firstBytesTimeoutMs: number
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

type Kind = "sniff" | "h1" | "h2"
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

const listen = (server: net.Server, host: string, port: number) =>
  new Promise<number>((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, host, () => {
      server.off("error", reject)
      resolve((server.address() as net.AddressInfo).port)
    })
  })

export const startOnePort = async (o: OnePortOptions): Promise<OnePortServer> => {
  const kinds = new Map<net.Socket, Kind>()
  const busy = new Map<object, number>() // HTTP/1.1 responses in progress, by socket
  const sessions = new Set<http2.ServerHttp2Session>()
  const socketsClosed = new Set<Promise<void>>()
  let stopping = false
  let drainTimer: ReturnType<typeof setTimeout> | undefined

  const h2 = http2.createServer({}, o.handler)
  h2.on("sessionError", noop)
  h2.on("session", (session) => {
    sessions.add(session)
    session.on("close", () => sessions.delete(session))
    session.on("error", noop)
    if (stopping) return void session.close()
    const max = o.maxStreamsPerConnection
    if (max > 0) {
      let streams = 0
      session.on("stream", () => {
        if (++streams === max) setImmediate(() => session.close())
      })
    }
  })

  const h1 = http.createServer((req, res) => {
    const socket = req.socket
    busy.set(socket, (busy.get(socket) ?? 0) + 1)
    if (stopping) res.setHeader("connection", "close")
    res.on("close", () => {
      const left = (busy.get(socket) ?? 1) - 1
      busy.set(socket, left)
      if (stopping && left === 0) socket.end()
    })
    o.handler(req, res)
  })
  h1.on("clientError", (_e: Error, socket: net.Socket) => socket.destroy())

  const toHttp1 = (socket: net.Socket) => {
    kinds.set(socket, "h1")
    busy.set(socket, 0)
    if (isDeno) keepParserOnDataEvents(socket)
    h1.emit("connection", socket)
    socket.resume()
  }
  const toH2 = (socket: net.Socket) => {
    kinds.set(socket, "h2")
    h2.emit("connection", socket)
    // Node's session drains the unshifted bytes itself on the next tick, then reads natively: the
    // socket must stay paused. Bun's reads 'data' events: it needs the socket flowing again.
    setImmediate(() => {
      if (!socket.destroyed && socket.readableLength > 0) socket.resume()
    })
  }

  const accept = (http1Only: boolean) => (socket: net.Socket) => {
    kinds.set(socket, "sniff")
    socket.on("error", noop)
    const closed = new Promise<void>((resolve) =>
      socket.on("close", () => {
        kinds.delete(socket)
        busy.delete(socket)
        socketsClosed.delete(closed)
        resolve()
      })
    )
    socketsClosed.add(closed)
    if (stopping) return void socket.destroy()
    socket.setNoDelay(true)
    if (http1Only) return toHttp1(socket)
    let seen: Buffer | undefined
    const timer = setTimeout(() => socket.destroy(), o.firstBytesTimeoutMs)
    const onData = (chunk: Buffer) => {
      seen = seen === undefined ? chunk : Buffer.concat([seen, chunk])
      const kind = classifyFirstBytes(seen)
      if (kind === "more") return
      clearTimeout(timer)
      socket.off("data", onData)
      socket.pause()
      socket.unshift(seen)
      if (kind === "h2") toH2(socket)
      else toHttp1(socket)
    }
    socket.on("data", onData)
    socket.once("close", () => clearTimeout(timer))
  }

  const main = createNetServer(accept(false))
  const http1Server = o.http1 === undefined ? undefined : createNetServer(accept(true))
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

  // Sockets first: a hard close sends no GOAWAY (connect-node's client can raise an uncaught
  // "received GOAWAY without any open streams" when one lands on an idle connection as it closes).
  const destroyAll = () => {
    for (const socket of kinds.keys()) socket.destroy()
    for (const session of sessions) session.destroy()
  }

  const stopAccepting = () => {
    if (stopping) return
    stopping = true
    for (const s of listeners) s.close()
    for (const session of sessions) session.close()
    for (const [socket, kind] of kinds) {
      if (kind === "sniff") socket.destroy()
      else if (kind === "h1" && (busy.get(socket) ?? 0) === 0) socket.end()
    }
    if (o.drainTimeoutMs === 0) return destroyAll()
    drainTimer = setTimeout(destroyAll, o.drainTimeoutMs)
    ;(drainTimer as { unref?: () => void }).unref?.()
  }

  return {
    port,
    http1Port,
    connections: () => kinds.size,
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
    }
  }
}
