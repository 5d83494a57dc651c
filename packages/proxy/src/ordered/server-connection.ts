// A downstream connection of an ordered protocol (HTTP/1-like, no request ids): decode requests, run them one at a time, write replies in order.
import { type FrameDecoder, isProtocolDecodeError, type Protocol, type ProtocolDecodeError } from "@mosaic/protocol"
import type { Connection, ConnectionHandler, Expiring } from "@mosaic/transport"
import type { Host } from "../cluster/host.ts"
import type { ListenerLimits } from "../config/listener-limits.ts"
import { connectionSweeper } from "../listener/connection-sweeper.ts"
import type { RouteMatcher } from "../router/live-router.ts"
import type { StreamFilterChain } from "../stream/filter-chain.ts"
import type { XContext } from "../xprotocol/context.ts"
import { Outbox } from "../xprotocol/outbox.ts"
import type { OrderedClient } from "./ordered-client.ts"
import { OrderedStream } from "./ordered-stream.ts"

interface Queued<F> {
  readonly frame: F
  readonly raw: Uint8Array
  readonly oneway: boolean
}

/**
 * Pipelined requests wait in a queue; one runs at a time and the next starts once its reply is queued for
 * writing (replies of one event-loop turn go out in one write). Each chosen host gets one upstream connection
 * from its ping-pong pool, kept by this connection for its life and closed with it: session state (a Redis
 * MULTI or SELECT, say) stays with its client. Reading pauses while `maxInFlightPerConnection` requests
 * wait or the socket does not drain. Listener limits: `connection_idle_timeout` (nothing queued and no byte
 * read for that long: closed) and `max_body_bytes` (+ `max_header_bytes`) for one unfinished frame.
 */
export class OrderedServerConnection<F> implements ConnectionHandler, Expiring {
  readonly conn: Connection
  readonly x: XContext
  readonly proto: Protocol<F>
  readonly upstreamProto: Protocol<F>
  readonly router: RouteMatcher
  readonly chain: StreamFilterChain | undefined
  readonly log: (message: string) => void
  closed = false
  expireAt = 0
  private readonly decoder: FrameDecoder<F>
  private readonly outbox: Outbox
  private readonly queue: Array<Queued<F>> = []
  private head = 0
  private current: OrderedStream<F> | undefined = undefined
  private starting = false
  private readonly held = new Map<Host, OrderedClient<F>>()
  private closing = false
  /** After a bad frame: the error reply to write once the queued requests are answered, then end. */
  private pendingEnd: Uint8Array | undefined = undefined
  private paused = false
  private writeBlocked = false
  private now = 0
  private readonly idleMs: number
  private readonly frameCap: number
  private lastActive = 0
  private partial = 0

  constructor(conn: Connection, x: XContext, router: RouteMatcher, proto: Protocol<F>, upstreamProto: Protocol<F>, chain?: StreamFilterChain, limits?: ListenerLimits) {
    this.conn = conn
    this.x = x
    this.router = router
    this.proto = proto
    this.upstreamProto = upstreamProto
    this.chain = chain
    this.log = chain?.log ?? x.log
    this.idleMs = limits?.connection_idle_timeout ?? 0
    const body = limits?.max_body_bytes ?? 0
    this.frameCap = body > 0 ? body + (limits?.max_header_bytes ?? 0) + 64 : Number.MAX_SAFE_INTEGER
    this.decoder = proto.createDecoder()
    this.outbox = new Outbox(conn, x.flusher)
    this.outbox.onBlocked = () => {
      this.writeBlocked = true
      this.updateReading()
    }
    x.base.connections.add(conn)
    x.base.stats.downstreamConnections++
    if (this.idleMs > 0) {
      this.lastActive = Date.now()
      connectionSweeper.arm(this, this.idleMs)
    }
    conn.setHandler(this)
  }

  onData(chunk: Uint8Array): void {
    if (this.closing) return
    const d = this.decoder
    let left = this.partial + chunk.length
    try {
      d.push(chunk)
      for (let r = d.read(); r !== undefined; r = d.read()) {
        left -= r.raw.length
        const kind = this.proto.kind(r.frame)
        if (kind !== "request" && kind !== "oneway") {
          return this.badFrame({ _tag: "OrderedProtocol", reason: "NotARequest", message: `a ${kind} frame where a request was expected` })
        }
        this.x.base.stats.downstreamRequests++
        this.queue.push({ frame: r.frame, raw: r.raw, oneway: kind === "oneway" })
      }
    } catch (e) {
      if (!isProtocolDecodeError(e)) throw e
      return this.badFrame(e)
    }
    this.partial = left
    if (left > this.frameCap) {
      return this.closeOnLimit(`frame over the listener's max_body_bytes (${left} bytes buffered, cap ${this.frameCap})`)
    }
    if (this.idleMs > 0) this.lastActive = Date.now()
    this.updateReading()
    this.next()
  }

  /** Start queued requests while none runs (a loop: requests answered at once do not recurse). */
  private next(): void {
    if (this.starting) return
    this.starting = true
    try {
      while (this.current === undefined && this.head < this.queue.length && !this.closed) {
        const q = this.queue[this.head]!
        this.queue[this.head++] = undefined as never
        if (this.head === this.queue.length) {
          this.queue.length = 0
          this.head = 0
        }
        this.now = 0
        const s = new OrderedStream<F>(this, q.frame, q.raw, q.oneway, this.chain)
        this.current = s
        s.start()
      }
    } finally {
      this.starting = false
    }
    if (this.paused) this.updateReading()
  }

  /** The current request ended (its reply, if any, is queued): the next one starts. */
  done(s: OrderedStream<F>): void {
    if (this.current !== s) return
    this.current = undefined
    if (this.idleMs > 0) this.lastActive = Date.now()
    this.next()
    if (this.pendingEnd !== undefined) this.endIfDone()
  }

  /** Queue a reply for writing (the current request's). */
  reply(bytes: Uint8Array): void {
    if (!this.closed) this.outbox.push(bytes)
  }

  /** This connection's idle upstream connection to `host`, if it has one. */
  heldClient(host: Host): OrderedClient<F> | undefined {
    const c = this.held.get(host)
    if (c === undefined) return undefined
    if (!c.closed && !c.busy) return c
    if (c.closed) this.held.delete(host)
    return undefined
  }

  /** Keep `client` for requests to `host` (closed with this connection; it replaces a closed one). */
  hold(host: Host, client: OrderedClient<F>): void {
    if (this.closed) return client.destroy()
    const old = this.held.get(host)
    if (old === client) return
    if (old !== undefined && !old.closed) old.destroy()
    this.held.set(host, client)
  }

  /** Now, in ms: read once per request start. */
  clock(): number {
    return this.now === 0 ? (this.now = Date.now()) : this.now
  }

  /** A request cannot be answered in turn (a filter terminated it): what was queued is written, then the connection closes. */
  reset(reason: string): void {
    this.log(`${this.proto.name} proxy: closing downstream connection from ${this.conn.remoteAddress}: ${reason}`)
    this.closing = true
    this.queue.length = 0
    this.head = 0
    this.outbox.flush()
    this.conn.end()
  }

  onExpire(): void {
    this.expireAt = 0
    if (this.closed || this.idleMs <= 0) return
    const now = Date.now()
    const busy = this.current !== undefined || this.head < this.queue.length
    const due = busy ? now + this.idleMs : this.lastActive + this.idleMs
    if (due <= now) return this.closeOnLimit(undefined)
    connectionSweeper.arm(this, due - now)
  }

  private closeOnLimit(reason: string | undefined): void {
    this.closing = true
    if (reason !== undefined) this.x.log(`${this.proto.name} proxy: closing downstream connection from ${this.conn.remoteAddress}: ${reason}`)
    this.outbox.flush()
    this.conn.destroy()
  }

  /** Undecodable bytes: the requests before them are answered first, then the protocol's error reply, then the connection ends. */
  private badFrame(e: ProtocolDecodeError): void {
    this.closing = true
    const reply = this.proto.codecErrorReply(this.decoder.pending(), `bad frame (${e.reason})`)
    this.x.log(`${this.proto.name} proxy: closing downstream connection from ${this.conn.remoteAddress}: bad frame (${e.reason}): ${e.message}`)
    const stats = this.x.base.stats
    this.pendingEnd = reply ?? new Uint8Array(0)
    if (reply !== undefined) stats.hijacks[400] = (stats.hijacks[400] ?? 0) + 1
    this.next()
    this.endIfDone()
  }

  private endIfDone(): void {
    if (this.pendingEnd === undefined || this.current !== undefined || this.head < this.queue.length || this.closed) return
    if (this.pendingEnd.length > 0) this.outbox.push(this.pendingEnd)
    this.pendingEnd = undefined
    this.outbox.flush()
    this.conn.end()
  }

  onDrain(): void {
    this.writeBlocked = false
    this.updateReading()
  }

  onClose(): void {
    if (this.closed) return
    this.closed = true
    this.closing = true
    if (this.expireAt !== 0) connectionSweeper.disarm(this)
    this.x.base.connections.delete(this.conn)
    this.outbox.clear()
    this.queue.length = 0
    this.head = 0
    const s = this.current
    this.current = undefined
    s?.abandon()
    for (const c of this.held.values()) c.destroy()
    this.held.clear()
  }

  /** Pause reading while too many requests wait or the socket is not draining. */
  private updateReading(): void {
    if (this.closed) return
    const max = this.x.maxInFlight
    const waiting = this.queue.length - this.head
    const stop = this.writeBlocked || waiting >= max
    if (stop && !this.paused) {
      this.paused = true
      this.conn.pause()
    } else if (!stop && this.paused && waiting < max / 2) {
      this.paused = false
      this.conn.resume()
    }
  }
}
