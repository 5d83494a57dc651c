// The http channel's exclusive-use connection pool (Layotto's connpool) on the shared PingPongPool: at most `size`
// connections, FIFO waiters until their deadline, dead connections dropped and replaced, idle ones closed after a timeout.
import { Code } from "@mosaic/kernel"
import { PingPongPool, type PooledClient, type PoolFailure, type PoolWaiter } from "@mosaic/protocol"
import { RpcError } from "@mosaic/rpc"

export interface Poolable {
  /** True once the connection can no longer be used (peer closed, reset, protocol error). */
  readonly dead: boolean
  close(): void
}

export interface PoolOptions<C extends Poolable> {
  readonly size: number
  /** Open a new connection (bounded by its own connect timeout). */
  readonly dial: (signal: AbortSignal) => Promise<C>
  /** Close connections idle for longer than this (0 = never). */
  readonly idleTimeoutMs: number
}

export interface PoolStats {
  /** Open connections, idle ones included. */
  readonly active: number
  readonly idle: number
  readonly waiting: number
}

/** One pooled connection as the shared pool sees it; dropped exactly once. */
class Slot<C extends Poolable> implements PooledClient {
  readonly conn: C
  idleSince = 0
  removed = false
  private readonly drop: (s: Slot<C>) => void

  constructor(conn: C, drop: (s: Slot<C>) => void) {
    this.conn = conn
    this.drop = drop
  }

  get closed(): boolean {
    return this.removed || this.conn.dead
  }

  destroy(): void {
    this.drop(this)
  }
}

/** Dials are not tied to one caller's deadline: a connection opened for a caller that gave up serves the next. */
const NEVER = new AbortController().signal

export class Pool<C extends Poolable> {
  private readonly shared: PingPongPool<Slot<C>>
  private readonly slots = new Map<C, Slot<C>>()
  private readonly sweeper: ReturnType<typeof setInterval> | undefined
  private closed = false

  constructor(options: PoolOptions<C>) {
    const drop = (s: Slot<C>) => this.drop(s)
    this.shared = new PingPongPool<Slot<C>>({
      maxConnections: Math.max(1, options.size),
      maxPending: 0,
      connect: () => options.dial(NEVER).then((conn) => {
        const s = new Slot(conn, drop)
        this.slots.set(conn, s)
        // died before the pool saw it: nobody else will report it
        if (conn.dead) queueMicrotask(() => drop(s))
        return s
      }),
      onStaleIdle: drop
    })
    if (options.idleTimeoutMs > 0) {
      const ms = options.idleTimeoutMs
      this.sweeper = setInterval(() => this.shared.sweep(Date.now(), ms), Math.max(50, Math.floor(ms / 2)))
      ;(this.sweeper as { unref?: () => void }).unref?.()
    }
  }

  stats(): PoolStats {
    return { active: this.shared.size, idle: this.shared.idleCount, waiting: this.shared.waitingCount }
  }

  /** Take a live connection, dialling if under `size`, else wait for a turn until `signal` aborts. */
  acquire(signal: AbortSignal): Promise<C> {
    if (this.closed) return Promise.reject(RpcError.of(Code.UNAVAILABLE, "connection pool closed"))
    if (signal.aborted) return Promise.reject(poolTimeout())
    return new Promise<C>((resolve, reject) => {
      const onAbort = () => {
        if (!w.waiting) return
        this.shared.cancel(w)
        reject(poolTimeout())
      }
      const w: PoolWaiter<Slot<C>> = {
        waiting: false,
        onClient: (s) => {
          signal.removeEventListener("abort", onAbort)
          resolve(s.conn)
        },
        onPoolFailure: (_reason: PoolFailure, message: string, cause?: unknown) => {
          signal.removeEventListener("abort", onAbort)
          if (this.closed) reject(RpcError.of(Code.UNAVAILABLE, "connection pool closed"))
          else reject(cause instanceof Error ? cause : RpcError.of(Code.UNAVAILABLE, message))
        }
      }
      this.shared.acquire(w)
      if (w.waiting) signal.addEventListener("abort", onAbort, { once: true })
    })
  }

  /** Give a connection back; a dead one (or `reuse` false) is closed and its slot freed. */
  release(conn: C, reuse: boolean): void {
    const s = this.slots.get(conn)
    if (s === undefined) return conn.close()
    if (!reuse || conn.dead || this.closed) return this.drop(s)
    this.shared.release(s)
  }

  /** A connection died on its own (e.g. the peer closed it while idle). */
  forget(conn: C): void {
    const s = this.slots.get(conn)
    if (s !== undefined) this.drop(s)
  }

  close(): void {
    this.closed = true
    if (this.sweeper !== undefined) clearInterval(this.sweeper)
    this.shared.close()
  }

  private drop(s: Slot<C>): void {
    if (s.removed) return
    s.removed = true
    this.slots.delete(s.conn)
    s.conn.close()
    this.shared.remove(s)
  }
}

const poolTimeout = () => RpcError.of(Code.DEADLINE_EXCEEDED, "connection pool timeout")
