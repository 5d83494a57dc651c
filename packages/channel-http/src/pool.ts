// An exclusive-use connection pool (Layotto's connpool): at most `size` connections, FIFO waiters
// until their deadline, dead connections dropped and replaced, idle ones closed after a timeout.
import { Code } from "@mosaic/kernel"
import { RpcError } from "@mosaic/rpc"

export interface Poolable {
  /** True once the connection can no longer be used (peer closed, reset, protocol error). */
  readonly dead: boolean
  close(): void
}

export interface PoolOptions<C extends Poolable> {
  readonly size: number
  /** Open a new connection; called with the waiting request's signal. */
  readonly dial: (signal: AbortSignal) => Promise<C>
  /** Close connections idle for longer than this (0 = never). */
  readonly idleTimeoutMs: number
}

interface Waiter<C> {
  resolve: (c: C) => void
  reject: (e: unknown) => void
  signal: AbortSignal
  onAbort: () => void
}

export interface PoolStats {
  readonly active: number
  readonly idle: number
  readonly waiting: number
}

export class Pool<C extends Poolable> {
  private readonly idle: Array<{ conn: C; since: number }> = []
  private readonly waiters: Array<Waiter<C>> = []
  private active = 0
  private closed = false
  private readonly sweeper: ReturnType<typeof setInterval> | undefined
  private readonly options: PoolOptions<C>

  constructor(options: PoolOptions<C>) {
    this.options = options
    if (options.idleTimeoutMs > 0) {
      this.sweeper = setInterval(() => this.sweep(), Math.max(50, Math.floor(options.idleTimeoutMs / 2)))
      ;(this.sweeper as { unref?: () => void }).unref?.()
    }
  }

  stats(): PoolStats {
    return { active: this.active, idle: this.idle.length, waiting: this.waiters.length }
  }

  /** Take a live connection, dialling if under `size`, else wait for a turn until `signal` aborts. */
  acquire(signal: AbortSignal): Promise<C> {
    if (this.closed) return Promise.reject(RpcError.of(Code.UNAVAILABLE, "connection pool closed"))
    if (signal.aborted) return Promise.reject(poolTimeout())
    while (this.idle.length > 0) {
      const { conn } = this.idle.pop()!
      if (!conn.dead) return Promise.resolve(conn)
      this.active--
    }
    if (this.active < this.options.size) return this.dialFor(signal)
    return new Promise<C>((resolve, reject) => {
      const waiter: Waiter<C> = {
        resolve, reject, signal,
        onAbort: () => {
          const i = this.waiters.indexOf(waiter)
          if (i >= 0) this.waiters.splice(i, 1)
          reject(poolTimeout())
        }
      }
      signal.addEventListener("abort", waiter.onAbort, { once: true })
      this.waiters.push(waiter)
    })
  }

  /** Give a connection back; a dead one (or `reuse` false) is closed and its slot freed. */
  release(conn: C, reuse: boolean): void {
    if (!reuse || conn.dead || this.closed) {
      conn.close()
      this.active--
      this.serveWaiter()
      return
    }
    const waiter = this.nextWaiter()
    if (waiter !== undefined) waiter.resolve(conn)
    else this.idle.push({ conn, since: Date.now() })
  }

  /** A connection died on its own (e.g. the peer closed it while idle). */
  forget(conn: C): void {
    const i = this.idle.findIndex((e) => e.conn === conn)
    if (i >= 0) {
      this.idle.splice(i, 1)
      this.active--
      this.serveWaiter()
    }
  }

  close(): void {
    this.closed = true
    if (this.sweeper !== undefined) clearInterval(this.sweeper)
    for (const { conn } of this.idle.splice(0)) conn.close()
    for (const w of this.waiters.splice(0)) {
      w.signal.removeEventListener("abort", w.onAbort)
      w.reject(RpcError.of(Code.UNAVAILABLE, "connection pool closed"))
    }
  }

  private dialFor(signal: AbortSignal): Promise<C> {
    this.active++
    return this.options.dial(signal).catch((e) => {
      this.active--
      this.serveWaiter()
      throw e
    })
  }

  private nextWaiter(): Waiter<C> | undefined {
    const w = this.waiters.shift()
    if (w !== undefined) w.signal.removeEventListener("abort", w.onAbort)
    return w
  }

  private serveWaiter(): void {
    if (this.active >= this.options.size) return
    const w = this.nextWaiter()
    if (w !== undefined) this.dialFor(w.signal).then(w.resolve, w.reject)
  }

  private sweep(): void {
    const limit = Date.now() - this.options.idleTimeoutMs
    for (let i = this.idle.length - 1; i >= 0; i--) {
      const e = this.idle[i]!
      if (e.since <= limit || e.conn.dead) {
        this.idle.splice(i, 1)
        e.conn.close()
        this.active--
      }
    }
    this.serveWaiter()
  }
}

const poolTimeout = () => RpcError.of(Code.DEADLINE_EXCEEDED, "connection pool timeout")
