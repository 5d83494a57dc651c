// A downstream HTTP/1 connection: decodes (pipelined) requests, runs a stream each, writes replies in order.
import { createRequestDecoder, Http1Error, type Http1Request, type RequestDecoder } from "@mosaic/protocol-http1"
import type { Connection, ConnectionHandler } from "@mosaic/transport"
import type { ListenerLimits } from "../config/listener-limits.ts"
import type { ProxyContext } from "../context.ts"
import type { RouterTable } from "../router/router-table.ts"
import type { StreamFilterChain } from "../stream/filter-chain.ts"
import { CONTINUE, hijackBytes } from "./hijack.ts"
import { Http1Stream, RESET } from "./stream.ts"

/** Requests in flight per connection before the proxy stops reading from it. */
const MAX_PIPELINE = 64

export class Http1ServerConnection implements ConnectionHandler {
  readonly conn: Connection
  readonly ctx: ProxyContext
  readonly router: RouterTable
  /** The listener's stream filters (undefined: none). */
  readonly chain: StreamFilterChain | undefined
  /** The listener's timeouts and limits (undefined: the decoder defaults, no timeouts). */
  readonly limits: ListenerLimits | undefined
  private readonly decoder: RequestDecoder
  /** Streams in request order; the head is the next reply to write. */
  private readonly queue: Array<Http1Stream> = []
  /** No more requests are read (after `Connection: close` or bad input). */
  private closing = false
  private closed = false
  private paused = false
  private writeBlocked = false

  constructor(conn: Connection, ctx: ProxyContext, router: RouterTable, chain?: StreamFilterChain, limits?: ListenerLimits) {
    this.conn = conn
    this.ctx = ctx
    this.router = router
    this.chain = chain
    this.limits = limits
    this.decoder = createRequestDecoder({
      onRequest: (r) => this.onRequest(r),
      onContinue: () => this.onContinue(),
      limits: ctx.http1Limits
    })
    ctx.connections.add(conn)
    ctx.stats.downstreamConnections++
    conn.setHandler(this)
  }

  onData(chunk: Uint8Array): void {
    if (this.closing) return
    try {
      this.decoder.push(chunk)
    } catch (e) {
      if (!(e instanceof Http1Error)) throw e
      this.badInput(e)
    }
  }

  onClose(): void {
    if (this.closed && this.queue.length === 0) return
    this.closed = true
    this.closing = true
    this.ctx.connections.delete(this.conn)
    for (const s of this.queue) s.abandon()
    this.queue.length = 0
  }

  onDrain(): void {
    this.writeBlocked = false
    this.updateReading()
  }

  private onRequest(req: Http1Request): void {
    if (this.closed) return
    this.ctx.stats.downstreamRequests++
    if (!req.keepAlive) this.closing = true
    const s = new Http1Stream(this, req, !req.keepAlive, this.chain)
    this.queue.push(s)
    if (this.queue.length >= MAX_PIPELINE) this.updateReading()
    s.start()
  }

  private onContinue(): void {
    // only when no earlier reply is pending, so the 100 cannot overtake one
    if (this.queue.length === 0 && !this.closed) this.conn.write(CONTINUE)
  }

  /** Bad bytes: answer after the replies already owed, then close this connection only. */
  private badInput(e: Http1Error): void {
    this.closing = true
    const stats = this.ctx.stats
    stats.hijacks[e.status] = (stats.hijacks[e.status] ?? 0) + 1
    const s = new Http1Stream(this, BAD_REQUEST, true)
    s.out = hijackBytes(e.status, true)
    this.queue.push(s)
    this.flush()
  }

  /** Write the replies that are ready, in request order. */
  flush(): void {
    const q = this.queue
    while (q.length > 0 && q[0]!.out !== undefined) {
      const s = q.shift()!
      if (this.closed) continue
      const reset = s.out === RESET // a filter terminated it: no reply, the connection ends here
      if (!reset && !this.conn.write(s.out!)) this.writeBlocked = true
      if (s.closeAfter || reset) {
        this.closed = true
        this.ctx.connections.delete(this.conn)
        this.conn.end()
        for (const rest of q) rest.abandon()
        q.length = 0
        return
      }
    }
    this.updateReading()
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
