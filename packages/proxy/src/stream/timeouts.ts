// Per-request timeouts (MOSN parseProxyTimeout): route timeout / x-mosn-global-timeout, retry_timeout / x-mosn-try-timeout.

/** Request header overriding the route timeout, in milliseconds (MOSN). */
export const GLOBAL_TIMEOUT_HEADER = "x-mosn-global-timeout"
/** Request header overriding `retry_policy.retry_timeout` (the per-try timeout), in milliseconds (MOSN). */
export const TRY_TIMEOUT_HEADER = "x-mosn-try-timeout"

/** The longest timer JavaScript runtimes keep (2^31 - 1 ms, ~24.8 days). */
const MAX_TIMER_MS = 2_147_483_647

/** A timeout header's value: whole milliseconds above 0; anything else (absent, "abc", "0", "-5", "1.5") is ignored. */
export const headerMs = (value: string | undefined): number | undefined => {
  if (value === undefined || value.length === 0 || value.length > 10) return undefined
  let n = 0
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i) - 48
    if (c < 0 || c > 9) return undefined
    n = n * 10 + c
  }
  return n > 0 && n <= MAX_TIMER_MS ? n : undefined
}

/**
 * The per-try timeout to use: the header's, else the policy's; 0 (none) when it is not below the global
 * timeout (MOSN: try >= global means the try timer is not set).
 */
export const tryTimeoutMs = (globalMs: number, policyTryMs: number, header: number | undefined): number => {
  const t = header ?? policyTryMs
  return t > 0 && t < globalMs ? t : 0
}

/** Distinct request-deadline values that get a shared deadline list (one timer per value), per proxy. */
const MAX_SHARED_DEADLINES = 64
const sharedValues = new WeakMap<object, Set<number>>()

/**
 * Whether a request's own deadline of `ms` may use the proxy's shared deadline list for that value:
 * RPC clients send a few fixed timeouts (3000, 5000, ...), so the first 64 values seen get lists;
 * any other value gets a timer of its own (lists are never removed).
 */
let lastOwner: object | undefined
let lastSet: Set<number> | undefined

export const sharedDeadline = (owner: object, ms: number): boolean => {
  let set = owner === lastOwner ? lastSet : sharedValues.get(owner)
  if (set === undefined) sharedValues.set(owner, set = new Set())
  lastOwner = owner
  lastSet = set
  if (set.has(ms)) return true
  if (set.size >= MAX_SHARED_DEADLINES) return false
  set.add(ms)
  return true
}
