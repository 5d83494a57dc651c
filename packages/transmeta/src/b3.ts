// B3 propagation (Zipkin): the single `b3` header and the multi `x-b3-*` headers, read and written.
import { type HeaderView, getValue } from "./header-view.ts"
import { isSpanId } from "./ids.ts"
import type { TraceContext } from "./meta-info.ts"

export const B3 = "b3"
export const B3TraceId = "x-b3-traceid"
export const B3SpanId = "x-b3-spanid"
export const B3ParentSpanId = "x-b3-parentspanid"
export const B3Sampled = "x-b3-sampled"
export const B3Flags = "x-b3-flags"

const traceIdPattern = /^(?:[0-9a-f]{16}|[0-9a-f]{32})$/
const allZero = /^0+$/

type B3Trace = Pick<TraceContext, "traceId" | "spanId" | "sampled" | "parentSpanId">

/** A 64-bit id is left-padded to 128 bits (W3C); hex is accepted in either case and lower-cased. */
const ids = (traceIdRaw: string, spanIdRaw: string, parentRaw: string | undefined, sampled: boolean): B3Trace | undefined => {
  const traceId = traceIdRaw.toLowerCase()
  const spanId = spanIdRaw.toLowerCase()
  if (!traceIdPattern.test(traceId) || allZero.test(traceId) || !isSpanId(spanId)) return undefined
  const parent = parentRaw?.toLowerCase()
  return { traceId: traceId.padStart(32, "0"), spanId, sampled, ...(parent !== undefined && isSpanId(parent) ? { parentSpanId: parent } : {}) }
}

/** B3 sampling state: "1"/"d" (debug) sampled, "0" not; absent (deferred) counts as sampled. Undefined = malformed. */
const sampling = (s: string | undefined): boolean | undefined =>
  s === undefined || s === "1" || s === "d" || s === "true" ? true : s === "0" || s === "false" ? false : undefined

/** `b3: {TraceId}-{SpanId}[-{SamplingState}[-{ParentSpanId}]]`; a sampling-only value carries no ids (undefined). */
export const parseB3Single = (raw: string | undefined): B3Trace | undefined => {
  if (raw === undefined || raw.length > 128) return undefined
  const parts = raw.trim().split("-")
  if (parts.length < 2 || parts.length > 4) return undefined
  const sampled = sampling(parts[2])
  return sampled === undefined ? undefined : ids(parts[0]!, parts[1]!, parts[3], sampled)
}

/** `x-b3-traceid` and `x-b3-spanid` (both required), `x-b3-parentspanid`, `x-b3-sampled`, `x-b3-flags: 1` (debug). */
export const parseB3Multi = (view: HeaderView): B3Trace | undefined => {
  const traceId = getValue(view, B3TraceId, 64)
  const spanId = getValue(view, B3SpanId, 64)
  if (traceId === undefined || spanId === undefined) return undefined
  const flags = getValue(view, B3Flags, 8)
  const sampled = flags?.trim() === "1" ? true : sampling(getValue(view, B3Sampled, 8)?.trim())
  return sampled === undefined ? undefined : ids(traceId.trim(), spanId.trim(), getValue(view, B3ParentSpanId, 64)?.trim(), sampled)
}

export const formatB3Single = (t: TraceContext): string =>
  `${t.traceId}-${t.spanId}-${t.sampled ? "1" : "0"}${t.parentSpanId === undefined ? "" : `-${t.parentSpanId}`}`

export const writeB3Multi = (t: TraceContext, view: HeaderView): void => {
  view.set(B3TraceId, t.traceId)
  view.set(B3SpanId, t.spanId)
  if (t.parentSpanId !== undefined) view.set(B3ParentSpanId, t.parentSpanId)
  view.set(B3Sampled, t.sampled ? "1" : "0")
}
