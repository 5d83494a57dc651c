// The effective deadline: min(default or rpc_request_timeout, the client's deadline).
import { type RpcHeader, RequestTimeoutMs } from "@mosaic/rpc"

/** `rpc_request_timeout` when it is a positive integer (ms), else the default (Layotto: 3000). */
export const requestTimeoutMs = (header: RpcHeader, defaultMs: number): number => {
  const raw = header[RequestTimeoutMs]
  if (raw === undefined) return defaultMs
  const n = Number(raw)
  return Number.isInteger(n) && n > 0 && n <= 0x7fffffff ? n : defaultMs
}

/** Absolute deadline (Date.now() based) and the timeout it leaves. */
export const effectiveDeadline = (
  now: number,
  timeoutMs: number,
  clientDeadline: number | undefined
): { deadline: number; timeoutMs: number } => {
  const own = now + timeoutMs
  const deadline = clientDeadline !== undefined && clientDeadline < own ? clientDeadline : own
  return { deadline, timeoutMs: Math.max(0, deadline - now) }
}
