// A downstream Bolt/Dubbo/TTHeader connection: decode frames, answer heartbeats, run each request on the phase machine, write replies.
import type { Connection, ConnectionHandler } from "@mosaic/transport"
import type { Host } from "../cluster/host.ts"
import type { ListenerLimits } from "../config/listener-limits.ts"
import type { UpstreamChoice } from "../cluster/select-upstream.ts"
import type { RouterTable } from "../router/router-table.ts"
import type { StreamFilterChain } from "../stream/filter-chain.ts"
import type { XContext } from "./context.ts"
import { isProtocolDecodeError, type ProtocolDecodeError } from "./errors.ts"
import { type MuxPool, muxPool } from "./mux-pool.ts"
import { Outbox } from "./outbox.ts"
import type { XDecoder, XProtocol } from "./protocol.ts"
import { XProxyStream } from "./x-stream.ts"

export class XServerConnection<F> implements ConnectionHandler {
  readonly conn: Connection
  readonly x: XContext
  readonly proto: XProtocol<F>
  readonly upstreamProto: XProtocol<F>
  readonly router: RouterTable
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
  private readonly decoder: XDecoder<F>
  // two-way requests in flight (forwarded or waiting), oldest first
  private head: XProxyStream<F> | undefined = undefined
  private tail: XProxyStream<F> | undefined = undefined
  private inFlight = 0
  /** No more frames are read (bad input, or closed). */
  private closing = false
  private paused = false
  private writeBlocked = false

  constructor(conn: Connection, x: XContext, router: RouterTable, proto: XProtocol<F>, upstreamProto: XProtocol<F>, chain?: StreamFilterChain, limits?: ListenerLimits) {
    this.conn = conn
    this.limits = limits
    this.x = x
    this.router = router
    this.proto = proto
    this.upstreamProto = upstreamProto
    this.chain = chain
    this.log = chain?.log ?? x.log
    this.decoder = proto.createDecoder()
    this.outbox = new Outbox(conn, x.flusher)
    this.outbox.onBlocked = () => {
      this.writeBlocked = true
      this.updateReading()
    }
    x.base.connections.add(conn)
    x.base.stats.downstreamConnections++
    conn.setHandler(this)
  }

  onData(chunk: Uint8Array): void {
    if (this.closing) return
    const d = this.decoder
    const proto = this.proto
    this.now = 0
    try {
      d.push(chunk)
      for (let r = d.read(); r !== undefined; r = d.read()) {
        const f = r.frame
        switch (proto.kind(f)) {
          case "request":
            this.onRequest(f, r.raw, false)
            break
          case "oneway":
            this.onRequest(f, r.raw, true)
            break
          case "heartbeat":
            // answered here, never forwarded (MOSN: the stream layer replies inline)
            this.outbox.push(proto.heartbeatReply(f, r.raw))
            break
          // a client's responses, acks, GOAWAY and other events: dropped
        }
        if (this.closing) return
      }
    } catch (e) {
      if (!isProtocolDecodeError(e)) throw e
      this.badFrame(e)
    }
    this.now = 0
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
    this.inFlight--
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
