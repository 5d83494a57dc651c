// One multiplexed upstream connection on the shared MuxLink core (ids, pending map, heartbeats, GOAWAY, fail-fast death):
// raw frames forwarded with only the id rewritten, batched through an Outbox. It counts in its host's
// `activeConnections` from onConnected to death (exactly once each), and, when the host's balancer wants
// latency (LB_PEAK_EWMA), times each awaited request from write to answer.
import type { Connection, ConnectionHandler } from "@mosaic/transport"
import { F_CONNECT, F_RESET } from "../stream/retry-state.ts"
import { MUX_CONNECTING, MUX_DEAD, MUX_READY, MuxLink, type ProtocolDecodeError } from "@mosaic/protocol"
import type { MuxPool } from "./mux-pool.ts"
import { Outbox } from "./outbox.ts"
import { WriteTimes } from "../upstream/write-times.ts"
import type { XUpstreamLink, XUpstreamWaiter } from "./upstream-waiter.ts"

export const CONNECTING = MUX_CONNECTING
export const READY = MUX_READY
export const DEAD = MUX_DEAD

export class UpstreamConnection<F> extends MuxLink<F, XUpstreamWaiter<F>> implements ConnectionHandler, XUpstreamLink<F> {
  /** Requests written over its life (the idle sweep compares it between sweeps). */
  sent = 0
  sweepSent = -1
  idleSince = 0
  private readonly pool: MuxPool<F>
  private conn: Connection | undefined = undefined
  private outbox: Outbox | undefined = undefined
  /** Requests waiting for the connection to open. */
  private queue: Array<XUpstreamWaiter<F>> = []
  /** performance.now() of each awaited request's write, by upstream id; only when the host tracks latency. */
  private writeTimes: WriteTimes | undefined = undefined
  /** performance.now() for the latency samples of one chunk's answers, read once when first needed. */
  private now = -1

  constructor(pool: MuxPool<F>) {
    super(pool.proto, pool.x.heartbeat)
    this.pool = pool
    const ctx = pool.x.base
    ctx.transport.dial({ host: pool.host.ip, port: pool.host.port, timeoutMs: pool.cluster.connectTimeoutMs }).then(
      (conn) => this.onConnected(conn),
      (e: unknown) => this.onConnectFailed(e instanceof Error ? e.message : String(e))
    )
  }

  /** Requests queued while connecting. */
  get waiting(): number {
    return this.state === CONNECTING ? this.queue.length : 0
  }

  /** Forward `raw` for `s` (now, or once connected; `s.queuedRaw` cleared meanwhile cancels it). */
  send(s: XUpstreamWaiter<F>, raw: Uint8Array): void {
    if (this.state === READY) return this.write(s, raw)
    s.queuedRaw = raw
    s.queuedOn = this
    this.queue.push(s)
  }

  /** `s` was answered by the proxy or abandoned: a late answer to its id is dropped. */
  forget(s: XUpstreamWaiter<F>): void {
    if (this.pending.get(s.upId) === s) {
      this.pending.delete(s.upId)
      this.writeTimes?.delete(s.upId)
    }
    this.left()
  }

  private write(s: XUpstreamWaiter<F>, raw: Uint8Array): void {
    const id = this.allocateId()
    this.proto.writeRequestId(raw, id)
    if (!s.oneway) {
      s.upstream = this
      s.upId = id
      this.pending.set(id, s)
      if (this.pool.host.latency !== undefined) (this.writeTimes ??= new WriteTimes()).set(id, performance.now())
    }
    s.tryWritten = true
    this.sent++
    this.pool.x.base.stats.upstreamRequests++
    this.outbox!.push(raw)
  }

  private onConnected(conn: Connection): void {
    if (this.state === DEAD) return conn.destroy()
    const x = this.pool.x
    this.conn = conn
    this.ready()
    this.pool.host.activeConnections++
    this.outbox = new Outbox(conn, x.flusher)
    x.base.connections.add(conn)
    x.base.stats.upstreamConnections++
    const queue = this.queue
    this.queue = []
    for (const s of queue) {
      const raw = s.queuedRaw
      if (raw === undefined || s.queuedOn !== this) continue // cancelled, or queued again elsewhere
      s.queuedRaw = undefined
      s.queuedOn = undefined
      this.write(s, raw)
    }
    conn.setHandler(this)
  }

  private onConnectFailed(message: string): void {
    if (this.state === DEAD) return
    this.state = DEAD
    this.pool.remove(this)
    this.failQueued(`upstream connect failed: ${message}`)
  }

  private failQueued(message: string): void {
    const queue = this.queue
    this.queue = []
    for (const s of queue) {
      if (s.queuedRaw === undefined || s.queuedOn !== this) continue
      s.queuedRaw = undefined
      s.queuedOn = undefined
      s.onUpstreamFailure(F_CONNECT, message)
    }
  }

  override onData(chunk: Uint8Array): void {
    this.now = -1
    super.onData(chunk)
  }

  protected answered(s: XUpstreamWaiter<F>, frame: F, raw: Uint8Array): void {
    const times = this.writeTimes
    if (times !== undefined) {
      const at = times.take(s.upId)
      if (at >= 0) {
        if (this.now < 0) this.now = performance.now()
        this.pool.host.observeLatency(this.now - at, this.now)
      }
    }
    s.upstream = undefined
    s.onUpstreamResponse(frame, raw)
  }

  protected writeFrame(bytes: Uint8Array): void {
    this.outbox!.push(bytes)
  }

  protected override onGoaway(): void {
    this.pool.remove(this)
  }

  protected override badFrame(e: ProtocolDecodeError): string {
    const message = `bad ${this.proto.name} frame from upstream ${this.pool.host.address} (${e.reason}): ${e.message}`
    this.pool.x.log(`${this.proto.name} proxy: closing upstream connection: ${message}`)
    return message
  }

  onClose(error?: Error): void {
    this.die(`upstream ${this.pool.host.address} closed the connection${error === undefined ? "" : `: ${error.message}`}`)
  }

  /**
   * Close now. Every request waiting on this connection hears at once: in flight -> reset (F_RESET),
   * not yet sent -> connect failure (F_CONNECT).
   */
  override die(reason: string): void {
    if (this.state === DEAD) return
    super.die(reason)
    this.failQueued(reason)
  }

  protected release(): void {
    this.pool.remove(this)
    const conn = this.conn
    if (conn !== undefined) {
      this.pool.host.activeConnections--
      this.pool.x.base.connections.delete(conn)
      conn.destroy()
    }
    this.writeTimes?.clear()
    this.outbox?.clear()
  }

  protected failPending(s: XUpstreamWaiter<F>, reason: string): void {
    s.upstream = undefined
    s.onUpstreamFailure(F_RESET, `upstream connection lost: ${reason}`)
  }
}
