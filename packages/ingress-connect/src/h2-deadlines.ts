// An HTTP/2 session's deadlines on a shared TimeoutSweeper: first stream, idle (no open stream), and each request body.
import * as http2 from "node:http2"
import type { Expiring, TimeoutSweeper } from "@mosaic/transport"

export interface H2Timeouts {
  /** No open stream for this long: GOAWAY, then close. 0 = off. */
  readonly idleMs: number
  /** The first stream must open within this (the caller passes what is left since accept). 0 = off. */
  readonly firstStreamMs: number
  /** A request body must end within this of its headers, else the stream is reset (CANCEL). 0 = off. */
  readonly bodyMs: number
}

const END_STREAM = http2.constants.NGHTTP2_FLAG_END_STREAM
const CANCEL = http2.constants.NGHTTP2_CANCEL
/** After GOAWAY, a peer that keeps the connection open this long is cut. */
const CLOSE_GRACE_MS = 1000

/** One request body's deadline: reset the stream when it passes. */
class BodyDeadline implements Expiring {
  expireAt = 0
  readonly stream: http2.ServerHttp2Stream
  constructor(stream: http2.ServerHttp2Stream) {
    this.stream = stream
  }
  onExpire(): void {
    if (!this.stream.destroyed && !this.stream.readableEnded) this.stream.close(CANCEL)
  }
}

/** The session's deadline: first stream or idle, then (GOAWAY sent) the close grace. */
class SessionDeadline implements Expiring {
  expireAt = 0
  open = 0
  closing = false
  readonly session: http2.ServerHttp2Session
  private readonly sweeper: TimeoutSweeper
  constructor(session: http2.ServerHttp2Session, sweeper: TimeoutSweeper) {
    this.session = session
    this.sweeper = sweeper
  }
  onExpire(): void {
    if (this.session.destroyed) return
    if (this.closing) return void this.session.destroy()
    if (this.open > 0) return
    this.closing = true
    this.session.close()
    if (!this.session.destroyed) this.sweeper.arm(this, CLOSE_GRACE_MS)
  }
}

/**
 * Apply `t` to `session` (a server session, any runtime). The session's own `setTimeout` counts any frame
 * (PING, SETTINGS) as activity, so a client that only pings would be kept; here idle means no open stream.
 */
export const guardH2Session = (session: http2.ServerHttp2Session, sweeper: TimeoutSweeper, t: H2Timeouts): void => {
  if (t.idleMs <= 0 && t.firstStreamMs <= 0 && t.bodyMs <= 0) return
  const d = new SessionDeadline(session, sweeper)
  sweeper.arm(d, t.firstStreamMs > 0 ? t.firstStreamMs : t.idleMs)
  session.on("stream", (stream, _headers, flags) => {
    if (d.open++ === 0 && !d.closing) sweeper.disarm(d)
    let body: BodyDeadline | undefined
    if (t.bodyMs > 0 && (flags & END_STREAM) === 0) {
      body = new BodyDeadline(stream)
      sweeper.arm(body, t.bodyMs)
      stream.once("end", () => sweeper.disarm(body!))
    }
    stream.once("close", () => {
      if (body !== undefined) sweeper.disarm(body)
      if (--d.open === 0 && !d.closing && !session.destroyed) sweeper.arm(d, t.idleMs)
    })
  })
  session.once("close", () => sweeper.disarm(d))
}
