// How a listener's limits reach its HTTP/1 connections: one read-deadline sweeper, the request decoder's size limits.
import type { Http1Limits } from "@mosaic/protocol-http1"
import { TimeoutSweeper } from "@mosaic/transport"
import type { ListenerLimits } from "../config/listener-limits.ts"

/**
 * Idle, header-read and body-read deadlines of every downstream HTTP/1 connection in the process: one
 * unref'd interval (running only while a deadline is armed), 100 ms precision.
 */
export const readDeadlines = new TimeoutSweeper(100)

const cache = new WeakMap<ListenerLimits, { readonly fallback: Partial<Http1Limits> | undefined; readonly value: Partial<Http1Limits> }>()

/**
 * The request decoder's limits on a listener: its `max_header_bytes` / `max_body_bytes`, else (absent
 * or 0) `fallback`, the proxy's code-level limits. Computed once per listener.
 */
export const requestDecoderLimits = (
  fallback: Partial<Http1Limits> | undefined,
  limits: ListenerLimits | undefined
): Partial<Http1Limits> | undefined => {
  if (limits === undefined) return fallback
  const hit = cache.get(limits)
  if (hit !== undefined && hit.fallback === fallback) return hit.value
  const value: { -readonly [K in keyof Http1Limits]?: number } = { ...fallback }
  if (limits.max_header_bytes > 0) value.maxHeaderBytes = limits.max_header_bytes
  if (limits.max_body_bytes > 0) value.maxBodyBytes = limits.max_body_bytes
  cache.set(limits, { fallback, value })
  return value
}
