// The process's one sweeper for downstream connection deadlines (idle, partial frame, protocol detection).
import { type Expiring, TimeoutSweeper } from "@mosaic/transport"

/**
 * Shared by every listener: one unref'd interval (250 ms tick, running only while something is armed)
 * checks all downstream connection deadlines, instead of a timer per connection or per request.
 */
export const connectionSweeper = new TimeoutSweeper(250)

class SweptTimer implements Expiring {
  expireAt = 0
  readonly fn: () => void
  constructor(fn: () => void) {
    this.fn = fn
  }
  onExpire(): void {
    this.fn()
  }
}

/** `setTimeout` / `clearTimeout` over the sweeper (the detector's `timers`): one item per call, tick precision. */
export const sweptTimers = {
  setTimeout: (fn: () => void, ms: number): unknown => {
    const t = new SweptTimer(fn)
    connectionSweeper.arm(t, Math.max(1, ms))
    return t
  },
  clearTimeout: (handle: unknown): void => {
    if (handle instanceof SweptTimer) connectionSweeper.disarm(handle)
  }
}
