// Built-in inbound handlers: a connection limiter and a token-bucket QPS limiter (Kitex's server limiter handler).
import { PipelineError } from "./errors.ts"
import type { InboundHandler, PipelineContext } from "./pipeline.ts"

export interface ConnectionLimiterOptions<C extends PipelineContext> {
  /** Most connections open at once. */
  readonly max: number
  /** Called for a connection over the limit, before it is ended: the protocol may write its own reply. */
  readonly onReject?: (ctx: C) => void
}

export interface ConnectionLimiter<C extends PipelineContext> extends InboundHandler<C> {
  readonly active: number
}

/** onActive acquires (over the limit: reject callback, end, ConnOverLimit); onInactive releases what was acquired. */
export const createConnectionLimiter = <C extends PipelineContext>(options: ConnectionLimiterOptions<C>): ConnectionLimiter<C> => {
  const held = new WeakSet<C>()
  let active = 0
  return {
    get active() {
      return active
    },
    onActive(ctx) {
      if (active >= options.max) {
        options.onReject?.(ctx)
        ctx.connection.end()
        return new PipelineError("ConnOverLimit", `${active} connections open, limit ${options.max}`)
      }
      active++
      held.add(ctx)
      return undefined
    },
    onInactive(ctx) {
      if (held.delete(ctx)) active--
    }
  }
}

export interface QpsLimiterOptions<C extends PipelineContext, M> {
  /** Requests per second. */
  readonly qps: number
  /** Refill period; Kitex uses 100 ms. Each period adds qps * intervalMs / 1000 tokens. */
  readonly intervalMs?: number
  /** Most tokens saved up; default one period's worth (at least 1). */
  readonly burst?: number
  /** Check after decoding (onMessage) rather than per read (onRead, Kitex's default). */
  readonly postDecode?: boolean
  /** Called for a rejected read or message, so the protocol can answer its own way (e.g. an overload status). */
  readonly onReject?: (ctx: C, message: M | undefined) => void
  /** Milliseconds clock; injectable for tests. Default `Date.now`. */
  readonly now?: () => number
}

export interface QpsLimiter<C extends PipelineContext, M> extends InboundHandler<C, M> {
  /** Takes one token; false when none is left this period. */
  tryAcquire(): boolean
  readonly tokens: number
}

/** A token bucket refilled lazily at period boundaries, so it needs no timer. */
export const createQpsLimiter = <C extends PipelineContext, M = unknown>(options: QpsLimiterOptions<C, M>): QpsLimiter<C, M> => {
  const interval = options.intervalMs ?? 100
  const now = options.now ?? Date.now
  const perInterval = (options.qps * interval) / 1000
  const burst = options.burst ?? Math.max(perInterval, 1)
  let tokens = burst
  let last = now()
  const refill = () => {
    const t = now()
    const periods = Math.floor((t - last) / interval)
    if (periods > 0) {
      tokens = Math.min(burst, tokens + periods * perInterval)
      last += periods * interval
    }
  }
  const tryAcquire = (): boolean => {
    refill()
    if (tokens < 1) return false
    tokens -= 1
    return true
  }
  const check = (ctx: C, message: M | undefined): PipelineError | undefined => {
    if (tryAcquire()) return undefined
    options.onReject?.(ctx, message)
    return new PipelineError("QpsOverLimit", `over ${options.qps} requests per second`)
  }
  const handler: QpsLimiter<C, M> = {
    tryAcquire,
    get tokens() {
      refill()
      return tokens
    }
  }
  if (options.postDecode === true) handler.onMessage = (ctx, message) => check(ctx, message)
  else handler.onRead = (ctx) => check(ctx, undefined)
  return handler
}
