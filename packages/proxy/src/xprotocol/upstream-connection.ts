// One multiplexed upstream connection: its own id space, a pending map id -> stream, idle heartbeats, fail-fast death.
// It counts in its host's `activeConnections` from onConnected to die() (exactly once each), and, when the
// host's balancer wants latency (LB_PEAK_EWMA), times each awaited request from write to answer.
import type { Connection, ConnectionHandler } from "@mosaic/transport"
import { F_CONNECT, F_RESET } from "../stream/retry-state.ts"
import { isProtocolDecodeError } from "@mosaic/protocol"
import type { MuxPool } from "./mux-pool.ts"
import { Outbox } from "./outbox.ts"
import { WriteTimes } from "../upstream/write-times.ts"
import type { FrameDecoder, Protocol } from "@mosaic/protocol"
import type { XUpstreamLink, XUpstreamWaiter } from "./upstream-waiter.ts"

export const CONNECTING = 0
export const READY = 1
export const DEAD = 2

export class UpstreamConnection<F> implements ConnectionHandler, XUpstreamLink<F> {
  state = CONNECTING
  /** GOAWAY received: no new requests; closed once the pending ones are answered. */
  draining = false
  /** Requests written over its life (the idle sweep compares it between sweeps). */
  sent = 0
  sweepSent = -1
  idleSince = 0
  readonly pending = new Map<number, XUpstreamWaiter<F>>()
  private readonly pool: MuxPool<F>
  private readonly proto: Protocol<F>
  private readonly decoder: FrameDecoder<F>
  private conn: Connection | undefined = undefined
  private outbox: Outbox | undefined = undefined
  /** Requests waiting for the connection to open. */
  private queue: Array<XUpstreamWaiter<F>> = []
  private nextId = 0
  private wrapped = false
  private readSinceTick = false
  private hbTimer: ReturnType<typeof setInterval> | undefined = undefined
  private hbWait: ReturnType<typeof setTimeout> | undefined = undefined
  private hbId = -1
  private hbFailures = 0
  /** performance.now() of each awaited request's write, by upstream id; only when the host tracks latency. */
  private writeTimes: WriteTimes | undefined = undefined

  constructor(pool: MuxPool<F>) {
    this.pool = pool
    this.proto = pool.proto
    this.decoder = pool.proto.createDecoder()
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
    if (this.draining && this.pending.size === 0) this.die("drained after GOAWAY")
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

  /** Ids count up from 1 and wrap at the protocol's maximum; after a wrap, ids still pending are skipped. */
  private allocateId(): number {
    let id = this.nextId + 1
    if (id > this.proto.maxId) {
      id = 1
      this.wrapped = true
    }
    if (this.wrapped) {
      while (this.pending.has(id) || id === this.hbId) id = id >= this.proto.maxId ? 1 : id + 1
    }
    this.nextId = id
    return id
  }

  private onConnected(conn: Connection): void {
    if (this.state === DEAD) return conn.destroy()
    const x = this.pool.x
    this.conn = conn
    this.state = READY
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
    this.startHeartbeat()
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

  onData(chunk: Uint8Array): void {
    if (this.state !== READY) return
    this.readSinceTick = true
    const proto = this.proto
    const d = this.decoder
    /** performance.now() for the latency samples of this chunk's answers, read once when first needed. */
    let now = -1
    try {
      d.push(chunk)
      for (let r = d.read(); r !== undefined; r = d.read()) {
        const f = r.frame
        switch (proto.kind(f)) {
          case "response": {
            const id = proto.requestId(f)
            const s = this.pending.get(id)
            if (s !== undefined) {
              this.pending.delete(id)
              const times = this.writeTimes
              if (times !== undefined) {
                const at = times.take(id)
                if (at >= 0) {
                  if (now < 0) now = performance.now()
                  this.pool.host.observeLatency(now - at, now)
                }
              }
              s.upstream = undefined
              s.onUpstreamResponse(f, r.raw)
            } else if (id === this.hbId) this.heartbeatAcked()
            break
          }
          case "heartbeat-ack":
            if (proto.requestId(f) === this.hbId) this.heartbeatAcked()
            break
          case "heartbeat": {
            const reply = proto.heartbeatReply(f, r.raw)
            if (reply !== undefined) this.outbox!.push(reply)
            break
          }
          case "goaway":
            this.draining = true
            this.pool.remove(this)
            break
        }
        if (this.state !== READY) return
      }
    } catch (e) {
      if (!isProtocolDecodeError(e)) throw e
      const message = `bad ${proto.name} frame from upstream ${this.pool.host.address} (${e.reason}): ${e.message}`
      this.pool.x.log(`${proto.name} proxy: closing upstream connection: ${message}`)
      return this.die(message)
    }
    if (this.draining && this.pending.size === 0) this.die("drained after GOAWAY")
  }

  onClose(error?: Error): void {
    this.die(`upstream ${this.pool.host.address} closed the connection${error === undefined ? "" : `: ${error.message}`}`)
  }

  /**
   * Close now. Every request waiting on this connection hears at once: in flight -> reset (F_RESET),
   * not yet sent -> connect failure (F_CONNECT).
   */
  die(reason: string): void {
    if (this.state === DEAD) return
    this.state = DEAD
    clearInterval(this.hbTimer)
    clearTimeout(this.hbWait)
    this.pool.remove(this)
    const conn = this.conn
    if (conn !== undefined) {
      this.pool.host.activeConnections--
      this.pool.x.base.connections.delete(conn)
      conn.destroy()
    }
    this.writeTimes?.clear()
    this.outbox?.clear()
    if (this.pending.size > 0) {
      const streams = [...this.pending.values()]
      this.pending.clear()
      for (const s of streams) {
        s.upstream = undefined
        s.onUpstreamFailure(F_RESET, `upstream connection lost: ${reason}`)
      }
    }
    this.failQueued(reason)
  }

  private startHeartbeat(): void {
    const hb = this.pool.x.heartbeat
    if (hb.intervalMs <= 0 || this.proto.heartbeat(0) === undefined) return
    this.hbTimer = setInterval(() => this.tick(), hb.intervalMs)
    ;(this.hbTimer as { unref?: () => void }).unref?.()
  }

  /** After an interval without reading anything, send a heartbeat; too many unanswered ones close the connection. */
  private tick(): void {
    if (this.state !== READY || this.hbWait !== undefined) return
    if (this.readSinceTick) {
      this.readSinceTick = false
      return
    }
    const hb = this.pool.x.heartbeat
    const id = this.allocateId()
    this.hbId = id
    this.outbox!.push(this.proto.heartbeat(id)!)
    this.hbWait = setTimeout(() => {
      this.hbWait = undefined
      this.hbId = -1
      if (++this.hbFailures >= hb.maxFailures) this.die(`${this.hbFailures} heartbeats unanswered`)
    }, hb.timeoutMs)
    ;(this.hbWait as { unref?: () => void }).unref?.()
  }

  private heartbeatAcked(): void {
    clearTimeout(this.hbWait)
    this.hbWait = undefined
    this.hbId = -1
    this.hbFailures = 0
  }
}
