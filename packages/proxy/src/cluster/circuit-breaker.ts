// Per-cluster circuit breaker (MOSN circuit_breakers[0]): requests and retries in flight against their limits.

/** 0 means unlimited (MOSN's default for every threshold). */
export interface BreakerLimits {
  readonly maxRequests: number
  readonly maxRetries: number
}

/**
 * Counters shared by every protocol path of one cluster. `tryRequest` before sending upstream (false =
 * overflow, answer 503 / the protocol's overflow status), `endRequest` exactly once when it is done.
 * Retries (for the retry work to come) take a `tryRetry` slot the same way.
 */
export class CircuitBreaker {
  readonly maxRequests: number
  readonly maxRetries: number
  /** Requests in flight in the cluster. */
  requests = 0
  /** Retries in flight in the cluster. */
  retries = 0
  /** Requests refused for max_requests. */
  requestOverflows = 0
  /** Retries refused for max_retries. */
  retryOverflows = 0

  constructor(limits: BreakerLimits) {
    this.maxRequests = limits.maxRequests
    this.maxRetries = limits.maxRetries
  }

  tryRequest(): boolean {
    if (this.maxRequests > 0 && this.requests >= this.maxRequests) {
      this.requestOverflows++
      return false
    }
    this.requests++
    return true
  }

  endRequest(): void {
    this.requests--
  }

  tryRetry(): boolean {
    if (this.maxRetries > 0 && this.retries >= this.maxRetries) {
      this.retryOverflows++
      return false
    }
    this.retries++
    return true
  }

  endRetry(): void {
    this.retries--
  }
}
