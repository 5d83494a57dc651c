// A downstream HTTP/1 connection: decodes (pipelined) requests, runs them one at a time, writes replies in order.
import { createRequestDecoder, Http1Error, type Http1Request, type RequestDecoder } from "@mosaic/protocol-http1"
import type { Connection, ConnectionHandler, Expiring } from "@mosaic/transport"
import type { ListenerLimits } from "../config/listener-limits.ts"
import type { ProxyContext } from "../context.ts"
import { type BoundDownstream, countResponse } from "../downstream-metrics.ts"
import type { RouteMatcher } from "../router/live-router.ts"
import type { StreamFilterChain } from "../stream/filter-chain.ts"
import { readDeadlines, requestDecoderLimits } from "./downstream-limits.ts"
import { CONTINUE, hijackBytes } from "./hijack.ts"
import { Http1Stream, RESET } from "./stream.ts"

/** Requests in flight per connection before the proxy stops reading from it. */
const MAX_PIPELINE = 64

/** The read deadline armed: none, between requests (idle), a request head, a request body. */
const T_NONE = 0
const T_IDLE = 1
const T_HEAD = 2
const T_BODY = 3

export class Http1ServerConnection implements ConnectionHandler, Expiring {
  readonly conn: Connection
  readonly ctx: ProxyContext
  readonly router: RouteMatcher
  /** The listener's stream filters (undefined: none). */
  readonly chain: StreamFilterChain | undefined
  /** The listener's timeouts and limits (undefined: the decoder defaults, no timeouts). */
  readonly limits: ListenerLimits | undefined
  // Expiring (readDeadlines)
  expireAt = 0
  private readonly decoder: RequestDecoder
  /**
   * Streams in request order; the head is the next reply to write. Only the head runs: the next one
   * starts when the head's reply is written (pipelined requests go upstream one at a time, in order).
   */
  private readonly queue: Array<Http1Stream> = []
  /** No more requests are read (after `Connection: close` or bad input). */
  private closing = false
  private closed = false
  private paused = false
  private writeBlocked = false
  private flushing = false
  private flushAgain = false
  // read deadlines: armed at phase changes only (accept, head begun, head done, reply written)
  private readonly timed: boolean
  private readonly idleMs: number
  private readonly headMs: number
  private readonly bodyMs: number
  private timer = T_NONE
  /** Requests decoded so far; `timerRequest`: when the deadline was armed (a new message re-arms it). */
  private requests = 0
  private timerRequest = 0
  /** The listener's downstream series (undefined: metrics off, nothing is counted or timed). */
  private readonly metrics: BoundDownstream | undefined

  constructor(conn: Connection, ctx: ProxyContext, router: RouteMatcher, chain?: StreamFilterChain, limits?: ListenerLimits) {
    this.conn = conn
    this.ctx = ctx
    this.router = router
    this.chain = chain
    this.limits = limits
    this.decoder = createRequestDecoder({
      onRequest: (r) => this.onRequest(r),
      onContinue: () => this.onContinue(),
      limits: requestDecoderLimits(ctx.http1Limits, limits)
    })
    this.idleMs = limits?.connection_idle_timeout ?? 0
    this.headMs = limits?.header_read_timeout ?? 0
    this.bodyMs = limits?.request_body_timeout ?? 0
    this.timed = this.idleMs > 0 || this.headMs > 0 || this.bodyMs > 0
    // the first request's head is due header_read_timeout after accept (or, with that off, the idle timeout)
    if (this.headMs > 0) this.arm(T_HEAD, this.headMs)
    else if (this.idleMs > 0) this.arm(T_IDLE, this.idleMs)
    ctx.connections.add(conn)
    ctx.stats.downstreamConnections++
    const name = (limits as { name?: unknown } | undefined)?.name
    this.metrics = ctx.downstreamMetrics?.bind(typeof name === "string" ? name : "", "Http1")
    this.metrics?.connections.inc()
    conn.setHandler(this)
  }

  onData(chunk: Uint8Array): void {
    if (this.closing) return
    try {
      this.decoder.push(chunk)
    } catch (e) {
      if (!(e instanceof Http1Error)) throw e
      return this.badInput(e)
    }
    if (!this.timed) return
    if (!this.closing) return this.readProgress()
    // the last request is read (Connection: close): no read deadline, the connection ends after its reply
    this.timer = T_NONE
    readDeadlines.disarm(this)
  }

  onClose(): void {
    if (this.timed) readDeadlines.disarm(this)
    if (this.closed && this.queue.length === 0) return
    this.closed = true
    this.closing = true
    this.ctx.connections.delete(this.conn)
    this.abandonAll()
  }

  onDrain(): void {
    this.writeBlocked = false
    this.updateReading()
  }

  private onRequest(req: Http1Request): void {
    if (this.closed) return
    this.ctx.stats.downstreamRequests++
    this.requests++
    if (!req.keepAlive) this.closing = true
    const s = new Http1Stream(this, req, !req.keepAlive, this.chain)
    if (this.metrics !== undefined) {
      this.metrics.requests.inc()
      s.startedAt = performance.now()
    }
    const q = this.queue
    q.push(s)
    if (q.length >= MAX_PIPELINE) this.updateReading()
    if (q.length === 1) s.begin() // else it starts when the replies ahead of it are written
  }

  private onContinue(): void {
    // only when no earlier reply is pending, so the 100 cannot overtake one
    if (this.queue.length === 0 && !this.closed) this.conn.write(CONTINUE)
  }

  /** Bad bytes: answer after the replies already owed, then close this connection only. */
  private badInput(e: Http1Error): void {
    this.closing = true
    this.reply(e.status, hijackBytes(e.status, true))
  }

  /** A reply of the proxy's own after the ones owed (`RESET`: close after them, no reply); nothing is read any more. */
  private reply(status: number, out: Uint8Array): void {
    if (out !== RESET) {
      const stats = this.ctx.stats
      stats.hijacks[status] = (stats.hijacks[status] ?? 0) + 1
    }
    const s = new Http1Stream(this, BAD_REQUEST, true)
    s.out = out
    s.wireStatus = status
    if (this.metrics !== undefined) s.startedAt = performance.now()
    this.queue.push(s)
    this.flush()
  }

  /** Write the replies that are ready, in request order; then start the next request. */
  flush(): void {
    if (this.flushing) {
      this.flushAgain = true // a stream started below finished at once
      return
    }
    this.flushing = true
    const q = this.queue
    try {
      do {
        this.flushAgain = false
        while (q.length > 0 && q[0]!.out !== undefined) {
          const s = q.shift()!
          if (this.closed) continue
          const reset = s.out === RESET // a filter terminated it: no reply, the connection ends here
          if (!reset) {
            if (this.metrics !== undefined) countResponse(this.metrics, s.wireStatus, s.startedAt)
            if (!this.conn.write(s.out!)) this.writeBlocked = true
          }
          if (s.closeAfter || reset) return this.close()
        }
        const next = q[0]
        if (next !== undefined && !next.started && !this.closed) next.begin()
      } while (this.flushAgain)
    } finally {
      this.flushing = false
    }
    // every reply written and no byte of a next request: idle from now
    if (q.length === 0 && this.timer === T_IDLE && !this.closed) readDeadlines.arm(this, this.idleMs)
    this.updateReading()
  }

  /** Close after the bytes written so far. */
  private close(): void {
    this.closed = true
    this.closing = true
    if (this.timed) readDeadlines.disarm(this)
    this.ctx.connections.delete(this.conn)
    this.conn.end()
    this.abandonAll()
  }

  private abandonAll(): void {
    const q = this.queue
    for (const s of q) if (s.started) s.abandon()
    q.length = 0
  }

  /** After a read: re-arm when the decoder moved between idle / head / body or began another message. */
  private readProgress(): void {
    const d = this.decoder
    const kind = d.idle ? T_IDLE : d.readingBody ? T_BODY : T_HEAD
    if (kind === this.timer && this.requests === this.timerRequest) return
    this.timerRequest = this.requests
    if (kind === T_IDLE) {
      // between requests: a request in flight is not idle time (checked at expiry; the last reply re-arms it)
      if (this.timer !== T_IDLE) this.arm(T_IDLE, this.idleMs)
    } else this.arm(kind, kind === T_HEAD ? this.headMs : this.bodyMs)
  }

  private arm(kind: number, ms: number): void {
    this.timer = kind
    readDeadlines.arm(this, ms)
  }

  /** A read deadline passed (readDeadlines). */
  onExpire(): void {
    if (this.closed) return
    if (this.timer === T_IDLE) {
      if (this.queue.length > 0) return readDeadlines.arm(this, this.idleMs) // waiting for our own reply
      // idle: closed without a word (Envoy and haproxy do the same)
      this.closed = true
      this.closing = true
      this.ctx.connections.delete(this.conn)
      this.conn.destroy()
      return
    }
    // a head (or a body) too slow: 408 and close; a late head behind owed replies: close after them
    const kind = this.timer
    this.closing = true
    this.timer = T_NONE
    if (kind === T_HEAD && this.queue.length > 0) this.reply(0, RESET)
    else this.reply(408, hijackBytes(408, true, "request timeout"))
  }

  /** Pause reading while too many requests are in flight or the socket is not draining. */
  private updateReading(): void {
    const stop = this.writeBlocked || this.queue.length >= MAX_PIPELINE
    if (stop && !this.paused) {
      this.paused = true
      this.conn.pause()
    } else if (!stop && this.paused && this.queue.length < MAX_PIPELINE / 2) {
      this.paused = false
      this.conn.resume()
    }
  }
}

/** Placeholder request for a reply to undecodable bytes. */
const BAD_REQUEST: Http1Request = {
  method: "",
  target: "",
  versionMinor: 1,
  headers: [],
  body: new Uint8Array(0),
  keepAlive: false,
  contentLength: -1,
  chunked: false,
  expectContinue: false
}
