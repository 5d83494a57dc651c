// A peak-sensitive exponentially weighted moving average of upstream latency (ms), decaying with time.

/**
 * Peak EWMA (after Finagle / Linkerd): the estimate decays toward 0 as `exp(-elapsed / decayMs)` since
 * the last sample, so an idle slow host is probed again after a while; a sample at or above the decayed
 * estimate replaces it at once; a lower one is blended in as `current * w + sample * (1 - w)` with
 * `w = exp(-elapsed / decayMs)` (the longer since the last sample, the more a faster answer counts).
 * `sampled` is false until the first sample.
 */
export class PeakEwma {
  readonly decayMs: number
  private value = 0
  private at = 0
  sampled = false

  constructor(decayMs: number) {
    this.decayMs = decayMs > 0 ? decayMs : 1
  }

  /** Record a latency of `ms` observed at `now` (ms, same clock as `get`). */
  observe(ms: number, now: number): void {
    if (ms < 0) ms = 0
    if (!this.sampled) {
      this.sampled = true
      this.value = ms
    } else {
      const elapsed = now - this.at
      const w = elapsed > 0 ? Math.exp(-elapsed / this.decayMs) : 1
      const current = this.value * w
      // at or above the current estimate: the peak; below: blended in (never raising the estimate)
      this.value = ms >= current ? ms : current * w + ms * (1 - w)
    }
    if (now > this.at) this.at = now
  }

  /** The estimate at `now`: the last value decayed toward 0 over the time since the last sample. */
  get(now: number): number {
    const elapsed = now - this.at
    return elapsed > 0 ? this.value * Math.exp(-elapsed / this.decayMs) : this.value
  }
}
