// A downstream connection of a registered protocol: decode frames, answer heartbeats, run each request on the phase machine, write replies.
import type { Connection, ConnectionHandler, Expiring } from "@mosaic/transport"
import type { Host } from "../cluster/host.ts"
import type { ListenerLimits } from "../config/listener-limits.ts"
import type { UpstreamChoice } from "../cluster/select-upstream.ts"
import type { RouteMatcher } from "../router/live-router.ts"
import type { StreamFilterChain } from "../stream/filter-chain.ts"
import type { XContext } from "./context.ts"
import { connectionSweeper } from "../listener/connection-sweeper.ts"
import { isProtocolDecodeError, type ProtocolDecodeError } from "@mosaic/protocol"
import { type MuxPool, muxPool } from "./mux-pool.ts"
import { Outbox } from "./outbox.ts"
import type { FrameDecoder, Protocol } from "@mosaic/protocol"
import { XProxyStream } from "./x-stream.ts"

/**
 * The listener's limits on one connection (all off without `limits`), on one sweeper item:
 * - `connection_idle_timeout`: no request in flight and no byte read (heartbeats count) for this long: closed.
 *   Armed from accept (RPC clients pre-connect their pools, so an idle new connection is not a slow one).
 * - `header_read_timeout`: a frame begun and not complete this long after the chunk that began it: closed.
 * - `max_body_bytes` (+ `max_header_bytes` for the frame's header section): more bytes than that buffered
 *   for one unfinished frame: closed. The protocol decoder's own limit (XProtocolOptions, default 8-16 MiB)
 *   still answers an oversize frame from its header; this cap bounds what one connection may buffer.
 * Per chunk: one clock read and a few stores; per frame: one subtraction. Deadlines are checked lazily when
 * the item fires (a later read or request moves them), so the hot path never touches the sweeper.
 */
export class XServerConnection<F> implements ConnectionHandler, Expiring {
  readonly conn: Connection
  readonly x: XContext
  readonly proto: Protocol<F>
  readonly upstreamProto: Protocol<F>
  readonly router: RouteMatcher
  readonly chain: StreamFilterChain | undefined
  /** The listener's timeouts and limits (undefined: none). */
  readonly limits: ListenerLimits | undefined
  readonly outbox: Outbox
  /** Where filter misuse (a header write on a frame without headers) is reported. */
  readonly log: (message: string) => void
  /** The connection is gone: replies are dropped. */
  closed = false
  /** One clock reading for the requests of one chunk (0 outside `onData`). */
  private now = 0
  private lastHost: Host | undefined = undefined
  private lastPool: MuxPool<F> | undefined = undefined
  private readonly decoder: FrameDecoder<F>
  // two-way requests in flight (forwarded or waiting), oldest first
  private head: XProxyStream<F> | undefined = undefined
  private tail: XProxyStream<F> | undefined = undefined
  private inFlight = 0
  /** No more frames are read (bad input, or closed). */
  private closing = false
  private paused = false
  private writeBlocked = false
  // limits (0 = off), the sweeper's deadline, the last read or last answered request, when the unfinished frame began
  private readonly idleMs: number
  private readonly headerMs: number
  private readonly frameCap: number
  expireAt = 0
  private lastActive = 0
  private partialSince = 0
  /** Bytes of the unfinished frame buffered in the decoder. */
  private partial = 0

  constructor(conn: Connection, x: XContext, router: RouteMatcher, proto: Protocol<F>, upstreamProto: Protocol<F>, chain?: StreamFilterChain, limits?: ListenerLimits) {
    this.conn = conn
    this.limits = limits
    this.x = x
    this.router = router
    this.proto = proto
    this.upstreamProto = upstreamProto
    this.chain = chain
    this.idleMs = limits?.connection_idle_timeout ?? 0
    this.headerMs = limits?.header_read_timeout ?? 0
    const body = limits?.max_body_bytes ?? 0
    this.frameCap = body > 0 ? body + (limits?.max_header_bytes ?? 0) + 64 : Number.MAX_SAFE_INTEGER
    this.log = chain?.log ?? x.log
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
    const proto = this.proto
    this.now = 0
    const total = this.partial + chunk.length
    let left = total
    try {
      d.push(chunk)
      for (let r = d.read(); r !== undefined; r = d.read()) {
        left -= r.raw.length
        const f = r.frame
        switch (proto.kind(f)) {
          case "request":
            this.onRequest(f, r.raw, false)
            break
          case "oneway":
            this.onRequest(f, r.raw, true)
            break
          case "heartbeat": {
            // answered here, never forwarded (MOSN: the stream layer replies inline)
            const reply = proto.heartbeatReply(f, r.raw)
            if (reply !== undefined) this.outbox.push(reply)
            break
          }
          // a client's responses, acks, GOAWAY and other events: dropped
        }
        if (this.closing) return
      }
    } catch (e) {
      if (!isProtocolDecodeError(e)) throw e
      this.now = 0
      return this.badFrame(e)
    }
    this.partial = left
    if (left === 0) this.partialSince = 0
    else if (this.partialSince === 0 || left < total || left > this.frameCap) this.partialFrame(left)
    if (this.idleMs > 0) this.lastActive = this.clock()
    this.now = 0
  }

  /** A frame began in this chunk (its read deadline starts), or the unfinished one is over the size cap. */
  private partialFrame(bytes: number): void {
    if (bytes > this.frameCap) {
      return this.closeOnLimit(`frame over the listener's max_body_bytes (${bytes} bytes buffered, cap ${this.frameCap})`)
    }
    this.partialSince = this.clock()
    if (this.headerMs > 0 && (this.expireAt === 0 || this.expireAt > this.partialSince + this.headerMs)) {
      connectionSweeper.arm(this, this.headerMs)
    }
  }

  /** The sweeper's call: close on a passed deadline, else re-arm for the nearest one still ahead. */
  onExpire(): void {
    this.expireAt = 0
    if (this.closed) return
    const now = Date.now()
    let due = 0
    if (this.partialSince !== 0 && this.headerMs > 0 && !this.paused) {
      due = this.partialSince + this.headerMs
      if (due <= now) return this.closeOnLimit(`frame not complete within header_read_timeout ${this.headerMs} ms`)
    }
    if (this.idleMs > 0) {
      // requests in flight: look again later (upstream timeouts bound them); reading paused by a client
      // that does not read its answers, with nothing in flight, is idle
      const idleDue = this.inFlight > 0 ? now + this.idleMs : this.lastActive + this.idleMs
      if (idleDue <= now) return this.closeOnLimit(undefined)
      if (due === 0 || idleDue < due) due = idleDue
    }
    if (due === 0 && this.partialSince !== 0 && this.headerMs > 0) due = now + this.headerMs // paused mid-frame
    if (due !== 0) connectionSweeper.arm(this, due - now)
  }

  /** A limit closes this connection (`reason` logged; an idle close is routine and is not). */
  private closeOnLimit(reason: string | undefined): void {
    this.closing = true
    if (reason !== undefined) this.x.log(`${this.proto.name} proxy: closing downstream connection from ${this.conn.remoteAddress}: ${reason}`)
    this.outbox.flush()
    this.conn.destroy()
  }

  /** The multiplexed pool of a chosen host (the last one is kept at hand: most clusters have few hosts). */
  poolOf(choice: UpstreamChoice): MuxPool<F> {
    if (choice.host === this.lastHost) return this.lastPool!
    const x = this.x
    const pool = muxPool(x, choice.cluster, choice.host, x.clusters.get(choice.cluster.name)!, this.upstreamProto)
    this.lastHost = choice.host
    this.lastPool = pool
    return pool
  }

  /** Now, in ms: read once per chunk of requests. */
  clock(): number {
    return this.now === 0 ? (this.now = Date.now()) : this.now
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
    // the caller is gone: forget its requests upstream (a late answer is dropped by id)
    let s = this.head
    this.head = this.tail = undefined
    this.inFlight = 0
    while (s !== undefined) {
      const next = s.next
      s.linked = false
      s.prev = s.next = undefined
      s.abandon()
      s = next
    }
  }

  /** One request on the phase machine (it may be answered before this returns). */
  private onRequest(frame: F, raw: Uint8Array, oneway: boolean): void {
    this.x.base.stats.downstreamRequests++
    const s = new XProxyStream<F>(this, frame, raw, oneway, this.chain)
    this.proto.captureId(s, raw)
    if (!oneway) this.link(s)
    s.start()
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

  private link(s: XProxyStream<F>): void {
    s.linked = true
    s.prev = this.tail
    if (this.tail === undefined) this.head = s
    else this.tail.next = s
    this.tail = s
    if (++this.inFlight >= this.x.maxInFlight) this.updateReading()
  }

  /** A two-way request ended (answered or dropped). */
  unlink(s: XProxyStream<F>): void {
    s.linked = false
    if (s.prev === undefined) this.head = s.next
    else s.prev.next = s.next
    if (s.next === undefined) this.tail = s.prev
    else s.next.prev = s.prev
    s.prev = s.next = undefined
    if (--this.inFlight === 0 && this.idleMs > 0) this.lastActive = this.now === 0 ? Date.now() : this.now
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
