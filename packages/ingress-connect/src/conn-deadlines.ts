// One accepted connection's deadlines (first bytes, then HTTP/1.1 head, body and idle) on a shared TimeoutSweeper.
import type * as http from "node:http"
import type * as net from "node:net"
import type { Expiring, TimeoutSweeper } from "@mosaic/transport"

/** Connection timeouts in ms; 0 turns one off. */
export interface ConnTimeouts {
  /** HTTP/1.1: no request in progress; h2: no open stream. */
  readonly idleMs: number
  /** First request head (or first h2 stream) from accept; later HTTP/1.1 heads from their first byte. */
  readonly headerReadMs: number
  /** Request body from its head. */
  readonly bodyMs: number
  /** Nothing (or part of the h2 preface) from accept. */
  readonly firstBytesMs: number
}

export type ConnKind = "sniff" | "h1" | "h2"
type Phase = "sniff" | "head" | "body" | "busy" | "idle" | "closing" | "off"

/**
 * A response that starts while its request body is still unread (the handler stopped at max_body_bytes)
 * says `connection: close`: the connection is closed after it rather than drained, and a client must not
 * reuse it. Installed as the response's own `writeHead` for bodies of unknown length (chunked).
 */
function writeHeadClosing(this: http.ServerResponse, ...args: Array<unknown>): http.ServerResponse {
  const req = (this as { req?: http.IncomingMessage }).req
  if (req !== undefined && !req.complete && !this.headersSent) this.setHeader("connection", "close")
  return (Object.getPrototypeOf(this) as { writeHead: (...a: Array<unknown>) => http.ServerResponse }).writeHead.apply(this, args)
}

const REQUEST_TIMEOUT = "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
/** After a graceful close (FIN sent), a peer that keeps the connection open this long is cut. */
export const CLOSE_GRACE_MS = 1000

/**
 * Node's `headersTimeout`/`requestTimeout` checks run only for servers that listen themselves (their
 * interval starts on 'listening'), and Bun and Deno have none for sockets handed over with
 * `emit("connection")`: so the ingress times HTTP/1.1 itself. A later request's first byte is seen as a
 * change of `socket.bytesRead` (no 'data' listener, which would take Node's parser off its native read
 * path), checked every `headerReadMs` while idle.
 */
export class Conn implements Expiring {
  expireAt = 0
  kind: ConnKind = "sniff"
  /** HTTP/1.1 requests whose response is not finished. */
  inFlight = 0
  readonly socket: net.Socket
  readonly acceptedAt: number
  private readonly sweeper: TimeoutSweeper
  private readonly t: ConnTimeouts
  private phase: Phase = "sniff"
  private req: http.IncomingMessage | undefined = undefined
  private res: http.ServerResponse | undefined = undefined
  private mark = 0
  private idleSince = 0

  constructor(socket: net.Socket, sweeper: TimeoutSweeper, t: ConnTimeouts) {
    this.socket = socket
    this.sweeper = sweeper
    this.t = t
    this.acceptedAt = Date.now()
    const first = t.headerReadMs > 0 ? Math.min(t.firstBytesMs, t.headerReadMs) : t.firstBytesMs
    sweeper.arm(this, first)
  }

  /** ms left of `headerReadMs` since accept (at least 1), or 0 when that timeout is off. */
  headerReadLeft(): number {
    return this.t.headerReadMs > 0 ? Math.max(1, this.acceptedAt + this.t.headerReadMs - Date.now()) : 0
  }

  /** Handed to the h2 server: its session keeps its own deadlines. */
  toH2(): void {
    this.kind = "h2"
    this.phase = "off"
    this.sweeper.disarm(this)
  }

  /** Handed to the HTTP/1.1 server: the first head must be complete within `headerReadMs` of accept. */
  toHttp1(): void {
    this.kind = "h1"
    this.phase = "head"
    this.sweeper.arm(this, this.headerReadLeft())
  }

  /** A request head is complete. */
  onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.inFlight++
    this.req = req
    this.res = res
    if (!req.complete && req.headers["content-length"] === undefined) res.writeHead = writeHeadClosing as typeof res.writeHead
    if (this.phase === "closing") return
    if (this.t.bodyMs > 0 && !req.complete) {
      this.phase = "body"
      this.sweeper.arm(this, this.t.bodyMs)
    } else {
      this.phase = "busy"
      this.sweeper.disarm(this)
    }
  }

  /** A response finished (or its request was aborted). A body left unread closes the connection. */
  onResponseDone(): void {
    this.inFlight--
    if (this.inFlight > 0 || this.phase === "closing" || this.socket.destroyed) return
    if (this.req !== undefined && !this.req.complete) {
      // the handler stopped reading (over max_body_bytes): read no more of it, answer flushed, then close
      this.socket.pause()
      return this.close(undefined)
    }
    this.req = undefined
    this.res = undefined
    this.phase = "idle"
    this.mark = this.socket.bytesRead
    this.idleSince = Date.now()
    this.armIdle(this.t.idleMs)
  }

  /** FIN (after `text`, if any), then destroy after CLOSE_GRACE_MS if the peer keeps it open. */
  close(text: string | undefined): void {
    this.phase = "closing"
    if (text === undefined) this.socket.end()
    else this.socket.end(text)
    this.sweeper.arm(this, CLOSE_GRACE_MS)
  }

  dispose(): void {
    this.phase = "off"
    this.sweeper.disarm(this)
  }

  onExpire(): void {
    if (this.socket.destroyed) return
    switch (this.phase) {
      case "sniff":
      case "closing":
        return void this.socket.destroy()
      case "head":
        return this.close(REQUEST_TIMEOUT)
      case "body":
        if (this.req?.complete === true) {
          this.phase = "busy"
          return
        }
        if (this.res?.headersSent === false) return this.close(REQUEST_TIMEOUT)
        return void this.socket.destroy()
      case "idle": {
        if (this.socket.bytesRead !== this.mark) {
          // the next request's head started during the last period
          this.phase = "head"
          return this.sweeper.arm(this, this.t.headerReadMs)
        }
        const left = this.t.idleMs > 0 ? this.idleSince + this.t.idleMs - Date.now() : Infinity
        if (left <= 0) return this.close(undefined)
        return this.armIdle(left)
      }
    }
  }

  private armIdle(left: number): void {
    const h = this.t.headerReadMs
    this.sweeper.arm(this, h > 0 && h < left ? h : left === Infinity ? 0 : left)
  }
}
