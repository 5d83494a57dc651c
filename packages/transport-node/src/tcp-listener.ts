// A node:net listening socket: connection cap, accept problems told once, and Deno's stalled accept restarted.
import * as net from "node:net"
import type { Connection, ListenOptions } from "@mosaic/transport"
import { AcceptProblems } from "./accept-problems.ts"
import { TcpConnection } from "./tcp-connection.ts"

const isDeno = typeof (globalThis as { Deno?: unknown }).Deno !== "undefined"

/**
 * Measured with a 64-fd limit and 200 connections at once (Node 24, Bun 1.4, Deno 2.9): Node's libuv accepts
 * and closes what it cannot keep (its reserved-fd trick) and Bun leaves them in the backlog until fds are
 * free; neither emits an error. Deno's node:net stops accepting for good after a failed accept, silently
 * (open connections are still served). So on Deno only, when no connection was accepted for a while and one
 * closes (or every 5 s), the listener connects to itself; a probe that fails with EMFILE is told once, and a
 * probe that is not accepted within a second means the accept is stalled: the socket is listened again on
 * the same port (open connections stay on the old one; their count no longer counts against the cap).
 */
export class TcpListener {
  private server: net.Server
  private readonly options: ListenOptions
  private readonly onConnection: (connection: Connection) => void
  private readonly max: number
  private problems: AcceptProblems | undefined
  private closed = false
  address = ""
  port = 0
  // Deno watchdog
  private lastAcceptAt = 0
  private lastProbeAt = 0
  private open = 0
  /** The self-connection under way; sockets accepted before its own port is known wait in `held` (a few ms). */
  private probe: { socket: net.Socket; localPort: number; timer: ReturnType<typeof setTimeout> | undefined; held: Array<net.Socket> } | undefined
  private interval: ReturnType<typeof setInterval> | undefined

  constructor(options: ListenOptions, onConnection: (connection: Connection) => void) {
    this.options = options
    this.onConnection = onConnection
    this.max = options.maxConnections ?? 0
    this.server = this.createServer()
  }

  /** Listen; rejects with the listen error. */
  start(): Promise<void> {
    return this.listen(this.server, this.options.port).then(() => {
      const a = this.server.address() as net.AddressInfo
      this.address = `${a.address}:${a.port}`
      this.port = a.port
      this.problems = new AcceptProblems(this.address, this.options.log ?? ((m) => console.warn(m)))
      this.attach(this.server)
      if (isDeno) {
        this.lastAcceptAt = Date.now()
        const t = setInterval(() => this.maybeProbe(5000), 5000)
        ;(t as { unref?: () => void }).unref?.()
        this.interval = t
      }
    })
  }

  /** Stop accepting; settles when every connection of the listener ended. */
  close(): Promise<void> {
    this.closed = true
    if (this.interval !== undefined) clearInterval(this.interval)
    this.endProbe()
    return new Promise<void>((r) => this.server.close(() => r()))
  }

  private createServer(): net.Server {
    const server = net.createServer({ noDelay: true }, this.onSocket)
    // over the cap, the runtime closes the socket at accept (Node, Bun and Deno; only Node and Bun say so)
    if (this.max > 0) server.maxConnections = this.max
    return server
  }

  private listen(server: net.Server, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      server.once("error", reject)
      server.listen({ host: this.options.host, port, backlog: this.options.backlog ?? 511 }, () => {
        server.off("error", reject)
        resolve()
      })
    })
  }

  /** After listening, an 'error' is a failed accept: told once per episode, never thrown (the port stays open). */
  private attach(server: net.Server): void {
    const problems = this.problems!
    server.on("error", problems.error)
    if (this.max > 0) server.on("drop", () => problems.dropped(this.max))
  }

  private readonly onSocket = (socket: net.Socket): void => {
    this.problems?.accepted()
    if (isDeno) {
      this.lastAcceptAt = Date.now()
      const probe = this.probe
      if (probe !== undefined) {
        // the server may see the connection before the probe's own 'connect' says which port it is
        if (probe.localPort === -1) return void probe.held.push(socket)
        if (socket.remotePort === probe.localPort) {
          socket.destroy()
          return this.endProbe()
        }
      }
    }
    this.serve(socket)
  }

  private serve(socket: net.Socket): void {
    if (isDeno) {
      this.open++
      socket.once("close", this.onSocketClose)
    }
    this.onConnection(new TcpConnection(socket))
  }

  private readonly onSocketClose = (): void => {
    this.open--
    this.maybeProbe(1000)
  }

  private maybeProbe(quietMs: number): void {
    const now = Date.now()
    if (this.closed || this.probe !== undefined || now - this.lastAcceptAt < quietMs || now - this.lastProbeAt < quietMs) return
    if (this.max > 0 && this.open >= this.max) return // the probe would be refused by the cap
    this.lastProbeAt = now
    const host = this.options.host === "0.0.0.0" || this.options.host === "" ? "127.0.0.1" : this.options.host === "::" ? "::1" : this.options.host
    const socket = net.connect(this.port, host)
    const probe: NonNullable<TcpListener["probe"]> = { socket, localPort: -1, timer: undefined, held: [] }
    this.probe = probe
    socket.on("error", (e: Error & { code?: string }) => {
      if (this.probe !== probe) return
      this.endProbe()
      // no fd for the probe: the process is out of them; told once, and looked at again a second later
      if (e.code === "EMFILE" || e.code === "ENFILE") {
        this.problems?.error(e)
        this.lastProbeAt = 0
        const t = setTimeout(() => this.maybeProbe(0), 1000)
        ;(t as { unref?: () => void }).unref?.()
      }
    })
    socket.on("connect", () => {
      if (this.probe !== probe) return
      probe.localPort = socket.localPort ?? -2
      const i = probe.held.findIndex((s) => s.remotePort === probe.localPort)
      if (i >= 0) {
        probe.held.splice(i, 1)[0]!.destroy()
        return this.endProbe()
      }
      const held = probe.held.splice(0)
      for (const s of held) this.serve(s)
      probe.timer = setTimeout(() => this.probe === probe && this.restart(), 1000)
    })
  }

  private endProbe(): void {
    const p = this.probe
    if (p === undefined) return
    this.probe = undefined
    if (p.timer !== undefined) clearTimeout(p.timer)
    p.socket.destroy()
    for (const s of p.held.splice(0)) this.closed ? s.destroy() : this.serve(s)
  }

  /** Deno: accept is stalled; listen again on the same port, retrying each second while that fails. */
  private restart(retry = false): void {
    this.endProbe()
    if (this.closed) return
    if (!retry) (this.options.log ?? console.warn)(`listener ${this.address}: accept stalled (after a failed accept); listening again on the same port`)
    this.server.close()
    const next = this.createServer()
    this.server = next
    this.open = 0
    this.listen(next, this.port).then(() => {
      this.attach(next)
      this.lastAcceptAt = Date.now()
    }, () => {
      if (this.closed) return
      const t = setTimeout(() => this.restart(true), 1000)
      ;(t as { unref?: () => void }).unref?.()
    })
  }
}
