// Built-in stream filter `rate_limit`: token buckets (one, or one per value of a header); over the limit -> a hijack (HTTP 429).
import { Effect, Schema } from "effect"
import { definePlugin } from "@mosaic/kernel"
import { type StreamFilter, StreamFilterKind, StreamFilterStatus } from "../filter.ts"

/** A token bucket: `rate` tokens per second, holding at most `burst`; starts full. */
export class TokenBucket {
  private readonly rate: number
  private readonly burst: number
  private tokens: number
  private last: number

  constructor(rate: number, burst: number, now: number) {
    this.rate = rate
    this.burst = burst
    this.tokens = burst
    this.last = now
  }

  /** Take one token: 0 when allowed, else the ms until one is there. */
  take(now: number): number {
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.rate) / 1000)
      this.last = now
    }
    if (this.tokens >= 1) {
      this.tokens -= 1
      return 0
    }
    return Math.ceil(((1 - this.tokens) * 1000) / this.rate)
  }
}

/** The limiter's decision for one request, also left in the request's variable `RATE_LIMIT_VARIABLE`. */
export interface RateLimitDecision {
  readonly limited: boolean
  /** When limited: ms until the next request of this key would pass. */
  readonly retryAfterMs: number
  readonly key: string
}

/** Variable name under which the filter leaves its decision for a limited request (for other protocols' replies, logs). */
export const RATE_LIMIT_VARIABLE = "rate_limit.decision"

export const RateLimitConfig = Schema.Struct({
  /** Requests per second (tokens added per second). */
  rate: Schema.Number.check(Schema.isGreaterThan(0)),
  /** Bucket size: requests allowed at once; default max(1, ceil(rate)). */
  burst: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))),
  /** One bucket per value of this request header (absent value: ""); default one bucket for all. */
  key_header: Schema.optionalKey(Schema.String),
  /** Buckets kept at most (oldest dropped first). */
  max_keys: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)).pipe(Schema.withDecodingDefault(Effect.succeed(10_000))),
  /** Hijack status when limited (HTTP 429; other protocols map it to theirs). */
  status: Schema.Int.check(Schema.isBetween({ minimum: 200, maximum: 599 })).pipe(Schema.withDecodingDefault(Effect.succeed(429)))
})
export type RateLimitConfig = typeof RateLimitConfig.Type

/** Buckets by key; `decide` is the protocol-neutral part (no reply), usable by any stream or connection handler. */
export class RateLimiter {
  private readonly config: RateLimitConfig
  private readonly burst: number
  private readonly buckets = new Map<string, TokenBucket>()
  constructor(config: RateLimitConfig) {
    this.config = config
    this.burst = config.burst ?? Math.max(1, Math.ceil(config.rate))
  }
  decide(key: string, now: number): RateLimitDecision | undefined {
    let b = this.buckets.get(key)
    if (b === undefined) {
      if (this.buckets.size >= this.config.max_keys) this.buckets.delete(this.buckets.keys().next().value!)
      b = new TokenBucket(this.config.rate, this.burst, now)
      this.buckets.set(key, b)
    }
    const wait = b.take(now)
    return wait === 0 ? undefined : { limited: true, retryAfterMs: wait, key }
  }
}

/** The filter (stage before_route): a limited request gets `status` with Retry-After (seconds, rounded up). */
export const rateLimitFilter = (config: RateLimitConfig, now: () => number = Date.now): StreamFilter => {
  const limiter = new RateLimiter(config)
  const header = config.key_header?.toLowerCase()
  return {
    beforeRoute: (s) => {
      const key = header === undefined ? "" : s.requestHeaders.get(header) ?? ""
      const decision = limiter.decide(key, now())
      if (decision === undefined) return StreamFilterStatus.Continue
      s.setVariable(RATE_LIMIT_VARIABLE, decision)
      s.sendHijack(config.status, "rate limited", { "Retry-After": String(Math.max(1, Math.ceil(decision.retryAfterMs / 1000))) })
      return StreamFilterStatus.Stop
    }
  }
}

export const rateLimitPlugin = definePlugin(StreamFilterKind, {
  name: "rate_limit",
  description: "request-rate limiter (token bucket, optionally per header value); over the limit: 429",
  config: RateLimitConfig,
  make: (config: RateLimitConfig) => Effect.sync(() => rateLimitFilter(config))
})
