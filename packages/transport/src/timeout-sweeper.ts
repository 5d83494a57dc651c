// A coarse timer for many connections: each item holds one deadline, one interval checks them all.

/** Something with one deadline at a time; `onExpire` runs once when it passes (the item is disarmed first). */
export interface Expiring {
  /** Absolute ms (the sweeper's clock); set by `arm`. */
  expireAt: number
  onExpire(): void
}

/**
 * Per-connection timeouts (idle, header read, body read) without a timer per connection or per request:
 * `arm` is a Set insert and a clock read, and one unref'd interval, running only while something is
 * armed, fires what has passed. Precision is the tick (default 250 ms).
 */
export class TimeoutSweeper {
  private readonly armed = new Set<Expiring>()
  private timer: ReturnType<typeof setInterval> | undefined = undefined
  private readonly tickMs: number
  private readonly clock: () => number

  constructor(tickMs = 250, clock: () => number = Date.now) {
    this.tickMs = tickMs
    this.clock = clock
  }

  /** Arm (or re-arm) `item` to expire `ms` from now; `ms` <= 0 disarms it (the timeout is off). */
  arm(item: Expiring, ms: number): void {
    if (ms <= 0) return this.disarm(item)
    item.expireAt = this.clock() + ms
    this.armed.add(item)
    if (this.timer === undefined) this.start()
  }

  disarm(item: Expiring): void {
    if (this.armed.delete(item) && this.armed.size === 0) this.stop()
  }

  get size(): number {
    return this.armed.size
  }

  /** Fire every item whose deadline passed (the interval calls this; tests may call it directly). */
  sweep(now: number = this.clock()): void {
    for (const item of this.armed) {
      if (item.expireAt > now) continue
      this.armed.delete(item)
      try {
        item.onExpire()
      } catch {
        // one item's failure must not stop the others
      }
    }
    if (this.armed.size === 0) this.stop()
  }

  /** Stop the interval and forget every item (nothing fires afterwards). */
  close(): void {
    this.armed.clear()
    this.stop()
  }

  private start(): void {
    const t = setInterval(() => this.sweep(), this.tickMs)
    ;(t as { unref?: () => void }).unref?.()
    this.timer = t
  }

  private stop(): void {
    if (this.timer === undefined) return
    clearInterval(this.timer)
    this.timer = undefined
  }
}
