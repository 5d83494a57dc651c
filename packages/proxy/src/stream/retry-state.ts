// Retry decisions (MOSN retrystate.go + Mosaic's resend-safety rule): what failed, whether it may be sent again.
import type { RouteAction } from "../router/route-rule.ts"

export type RetryPolicyView = NonNullable<RouteAction["retryPolicy"]>

/** How an upstream try ended badly. */
export const F_CONNECT = 0 // no connection (refused, connect timeout): the request was never written
export const F_RESET = 1 // the connection closed or sent garbage after the request was written
export const F_PER_TRY_TIMEOUT = 2 // retry_timeout / x-mosn-try-timeout passed
export const F_OVERFLOW = 3 // max_pending_requests: never retried (MOSN: StreamOverflow)

/** The proxy's reply when the failure is final (MOSN: reset reasons 502, per-try timeout 504, overflow 503). */
export const FAILURE_STATUS: ReadonlyArray<number> = [502, 502, 504, 503]
export const FAILURE_REASON: ReadonlyArray<string> = [
  "upstream connect failed",
  "upstream reset before the response",
  "upstream per-try timeout",
  "upstream connection overflow"
]

/** Retries a route gets without a retry_policy (MOSN's default: 3, connect failures only). */
export const DEFAULT_RETRIES = 3

/** Methods that may be sent twice (RFC 9110 §9.2.2). */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"])

/**
 * May a try that failed with `failure` be sent again (budget and circuit breaker aside)?
 * - connect failure: always (nothing was written), with or without `retry_on`;
 * - overflow: never;
 * - otherwise only with `retry_on`, and then a per-try timeout or reset only when nothing was written yet
 *   or the request is safe to resend (`safe`: an idempotent method or an `Idempotency-Key`; or the
 *   policy's `retry_non_idempotent`), since the upstream may have begun to process it.
 */
export const isRetriable = (policy: RetryPolicyView | undefined, failure: number, written: boolean, safe: boolean): boolean => {
  if (failure === F_CONNECT) return true
  if (failure === F_OVERFLOW || policy === undefined || !policy.retryOn) return false
  return !written || safe || policy.retryNonIdempotent
}

/** May an answer with `status` be dropped and the request sent again (retry_on + status_codes)? Any method. */
export const isRetriableStatus = (policy: RetryPolicyView | undefined, status: number): boolean =>
  policy !== undefined && policy.retryOn && policy.statusCodes.length > 0 && policy.statusCodes.includes(status)

/** Retries allowed for a request on a route: `num_retries` as configured, 3 without a retry_policy. */
export const retryBudget = (policy: RetryPolicyView | undefined): number => policy === undefined ? DEFAULT_RETRIES : policy.numRetries
