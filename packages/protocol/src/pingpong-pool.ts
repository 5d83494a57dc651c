// The one pool of ping-pong connections (one request at a time each, MOSN PingPong): the proxy's HTTP/1 and ordered upstreams and the http channel.

/** What the pool needs from a client connection. */
export interface PooledClient {
  readonly closed: boolean
  /** When it went idle (ms); set by the pool. */
  idleSince: number
  destroy(): void
}

/** A request waiting for a connection. `waiting` is owned by the pool; cancel with `pool.cancel`. */
export interface PoolWaiter<C> {
  waiting: boolean
  onClient(client: C): void
  /** `cause`: the connect error itself, for ConnectFailed. */
  onPoolFailure(reason: PoolFailure, message: string, cause?: unknown): void
}

export type PoolFailure = "ConnectFailed" | "Overflow"

export interface PingPongPoolOptions<C> {
  /** Open a new connection; the client reports back with `release` / `remove`. */
  readonly connect: () => Promise<C>
  readonly maxConnections: number
  /** Waiters allowed per host; 0 = unlimited. */
  readonly maxPending: number
  /** An idle connection found closed when taken, whose owner does not call `remove` by itself: drop it. */
  readonly onStaleIdle?: ((client: C) => void) | undefined
}

export class PingPongPool<C extends PooledClient> {
  private readonly options: PingPongPoolOptions<C>
  /** LIFO: the most recently used connection is reused first (MOSN does the same). */
  private readonly idle: Array<C> = []
  private waiters: Array<PoolWaiter<C> | undefined> = []
  private waitHead = 0
  private liveWaiters = 0
  private total = 0
  private connecting = 0
  private closed = false
  /** Connections opened over the pool's life. */
  opened = 0

  constructor(options: PingPongPoolOptions<C>) {
    this.options = options
  }

  get size(): number {
    return this.total
  }

  get idleCount(): number {
    return this.idle.length
  }

  /** Requests waiting for a connection. */
  get waitingCount(): number {
    return this.liveWaiters
  }

  /** Hand `w` an idle connection now, or queue it (opening a connection when allowed). `fresh` skips idle ones. */
  acquire(w: PoolWaiter<C>, fresh = false): void {
    if (!fresh) {
      const idle = this.idle
      while (idle.length > 0) {
        const c = idle.pop()!
        if (!c.closed) return w.onClient(c)
        this.options.onStaleIdle?.(c)
      }
    }
    const maxPending = this.options.maxPending
    if (maxPending > 0 && this.liveWaiters >= maxPending) {
      return w.onPoolFailure("Overflow", `more than ${maxPending} requests waiting for a connection`)
    }
    w.waiting = true
    this.waiters.push(w)
    this.liveWaiters++
    this.fill()
  }

  /** Stop waiting (timeout, downstream gone). */
  cancel(w: PoolWaiter<C>): void {
    if (!w.waiting) return
    w.waiting = false
    this.liveWaiters--
  }

  /** A connection finished its request and may serve another. */
  release(c: C): void {
    if (c.closed) return
    if (this.closed) return c.destroy()
    const w = this.nextWaiter()
    if (w !== undefined) return w.onClient(c)
    c.idleSince = Date.now()
    this.idle.push(c)
  }

  /** A connection closed: forget it and open another for waiters. */
  remove(c: C): void {
    this.total--
    const i = this.idle.indexOf(c)
    if (i !== -1) this.idle.splice(i, 1)
    this.fill()
  }

  /** Close idle connections idle for `idleTimeoutMs` or more. */
  sweep(now: number, idleTimeoutMs: number): void {
    if (idleTimeoutMs <= 0) return
    for (const c of this.idle.filter((c) => now - c.idleSince >= idleTimeoutMs)) c.destroy()
  }

  close(): void {
    this.closed = true
    for (const c of this.idle.splice(0)) c.destroy()
    let w: PoolWaiter<C> | undefined
    while ((w = this.nextWaiter()) !== undefined) w.onPoolFailure("ConnectFailed", "proxy shutting down")
  }

  private nextWaiter(): PoolWaiter<C> | undefined {
    const q = this.waiters
    while (this.waitHead < q.length) {
      const w = q[this.waitHead]!
      q[this.waitHead++] = undefined
      if (w.waiting) {
        w.waiting = false
        this.liveWaiters--
        this.compact()
        return w
      }
    }
    this.compact()
    return undefined
  }

  private compact(): void {
    if (this.waitHead === this.waiters.length) {
      this.waiters = []
      this.waitHead = 0
    } else if (this.waitHead > 1024 && this.waitHead * 2 > this.waiters.length) {
      this.waiters = this.waiters.slice(this.waitHead)
      this.waitHead = 0
    }
  }

  /** Open connections while waiters outnumber connections being opened. */
  private fill(): void {
    while (!this.closed && this.liveWaiters > this.connecting && this.total < this.options.maxConnections) {
      this.total++
      this.connecting++
      this.opened++
      this.options.connect().then(
        (c) => {
          this.connecting--
          if (c.closed) return // its remove() already ran or will
          this.release(c)
        },
        (e: unknown) => {
          this.connecting--
          this.total--
          const w = this.nextWaiter()
          w?.onPoolFailure("ConnectFailed", e instanceof Error ? e.message : String(e), e)
          this.fill()
        }
      )
    }
  }
}
