// W3C Trace Context: parse and format `traceparent`, validate `tracestate`. Invalid input yields undefined.
import { isSpanId, isTraceId } from "./ids.ts"
import { Limits, type TraceContext } from "./meta-info.ts"

const versionPattern = /^[0-9a-f]{2}$/
const flagsPattern = /^[0-9a-f]{2}$/

/**
 * `traceparent` = version "-" trace-id "-" parent-id "-" flags, lower-case hex. Rejected: version
 * "ff", version 00 with any length but 55, a higher version shorter than 55 or not followed by "-",
 * an all-zero trace-id or parent-id, upper-case hex, wrong field lengths.
 */
export const parseTraceparent = (raw: string | undefined): Pick<TraceContext, "traceId" | "spanId" | "sampled"> | undefined => {
  if (raw === undefined || raw.length > 512) return undefined
  const v = raw.trim()
  if (v.length < 55) return undefined
  const version = v.slice(0, 2)
  if (!versionPattern.test(version) || version === "ff") return undefined
  if (version === "00" ? v.length !== 55 : v.length > 55 && v[55] !== "-") return undefined
  if (v[2] !== "-" || v[35] !== "-" || v[52] !== "-") return undefined
  const traceId = v.slice(3, 35)
  const spanId = v.slice(36, 52)
  const flags = v.slice(53, 55)
  if (!isTraceId(traceId) || !isSpanId(spanId) || !flagsPattern.test(flags)) return undefined
  return { traceId, spanId, sampled: (Number.parseInt(flags, 16) & 1) === 1 }
}

export const formatTraceparent = (t: TraceContext): string => `00-${t.traceId}-${t.spanId}-${t.sampled ? "01" : "00"}`

const simpleKey = /^[a-z0-9][_0-9a-z*/-]{0,255}$/
const tenantKey = /^[a-z0-9][_0-9a-z*/-]{0,240}@[a-z][_0-9a-z*/-]{0,13}$/
const memberValue = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/

/**
 * A valid `tracestate`, normalized (blank members dropped, spaces around members trimmed), or
 * undefined: longer than 512 chars, more than 32 members, a malformed member or a repeated key
 * discards the whole value (the spec allows discarding rather than repairing).
 */
export const parseTracestate = (raw: string | undefined): string | undefined => {
  if (raw === undefined || raw.length > Limits.maxTraceState) return undefined
  const members: Array<string> = []
  const keys = new Set<string>()
  for (const part of raw.split(",")) {
    const m = part.trim()
    if (m === "") continue
    const eq = m.indexOf("=")
    if (eq <= 0) return undefined
    const key = m.slice(0, eq)
    const value = m.slice(eq + 1)
    if (!(simpleKey.test(key) || tenantKey.test(key)) || !memberValue.test(value) || keys.has(key)) return undefined
    keys.add(key)
    members.push(`${key}=${value}`)
    if (members.length > Limits.maxTraceStateMembers) return undefined
  }
  return members.length === 0 ? undefined : members.join(",")
}
