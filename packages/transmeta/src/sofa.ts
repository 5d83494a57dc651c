// SOFA tracer keys (`rpc_trace_context.*`) and the baggage string `k=v&...` with SOFA's %/&/= escaping.
import { type HeaderView, getValue } from "./header-view.ts"
import { isForeignId, traceFromForeign } from "./ids.ts"
import { Limits, putKey, type TraceContext } from "./meta-info.ts"

/** The prefix SOFA RPC flattens its `rpc_trace_context` request prop under, in the Bolt header map. */
export const SofaTracePrefix = "rpc_trace_context."
export const SofaTraceId = "rpc_trace_context.sofaTraceId"
export const SofaRpcId = "rpc_trace_context.sofaRpcId"
/** Business baggage (SOFATracer "penetrate attributes"): `k1=v1&k2=v2&`. */
export const SofaPenAttrs = "rpc_trace_context.sofaPenAttrs"

const rpcIdPattern = /^\d{1,9}(?:\.\d{1,9})*$/

/** A SOFA span position: dot-separated decimal numbers ("0", "0.1.2"), at most 256 chars. */
export const isRpcId = (s: string): boolean => s.length <= Limits.maxRpcId && rpcIdPattern.test(s)

/** `view.get(key)`, else the lower-cased key (gRPC and HTTP lower-case every metadata key). */
const getSofa = (view: HeaderView, key: string, max: number): string | undefined =>
  getValue(view, key, max) ?? getValue(view, key.toLowerCase(), max)

/** The trace a SOFA peer sent (`sofaTraceId`, optional `sofaRpcId`), mapped by `traceFromForeign`. */
export const readSofaTrace = (view: HeaderView): TraceContext | undefined => {
  const id = getSofa(view, SofaTraceId, Limits.maxForeignId)?.trim()
  if (id === undefined || !isForeignId(id)) return undefined
  const rpcId = getSofa(view, SofaRpcId, Limits.maxRpcId)?.trim()
  return traceFromForeign(id, rpcId !== undefined && isRpcId(rpcId) ? rpcId : undefined)
}

const escape = (s: string): string => s.replace(/%/g, "%25").replace(/&/g, "%26").replace(/=/g, "%3D")
const unescape = (s: string): string => s.replace(/%3D/gi, "=").replace(/%26/g, "&").replace(/%25/g, "%")

/** Baggage entries of a `k=v&...` string into `into` (bounded by `putKey`); malformed entries are skipped. */
export const parsePenAttrs = (raw: string, into: Map<string, string>): void => {
  for (const entry of raw.split("&")) {
    const eq = entry.indexOf("=")
    if (eq <= 0) continue
    putKey(into, unescape(entry.slice(0, eq)), unescape(entry.slice(eq + 1)))
  }
}

/** `k1=v1&k2=v2&` as SOFATracer writes it (trailing `&`; `%`, `&`, `=` escaped), or undefined when empty. */
export const formatPenAttrs = (map: ReadonlyMap<string, string>): string | undefined => {
  let s = ""
  for (const [k, v] of map) s += `${escape(k)}=${escape(v)}&`
  return s === "" ? undefined : s
}

/** The baggage of a SOFA header map (exact or lower-cased key) into `into`. */
export const readSofaBaggage = (view: HeaderView, into: Map<string, string>): void => {
  const raw = getSofa(view, SofaPenAttrs, Limits.maxRawValue)
  if (raw !== undefined) parsePenAttrs(raw, into)
}

/**
 * Joins the trace found in a protocol's own keys (`primary`) with the SOFA keys' trace: the SOFA
 * trace alone when there is no primary; the primary plus the SOFA foreign id and rpc id when both
 * name the same trace; the primary alone when they disagree.
 */
export const joinSofa = (primary: TraceContext | undefined, sofa: TraceContext | undefined): TraceContext | undefined => {
  if (primary === undefined) return sofa
  if (sofa === undefined || sofa.traceId !== primary.traceId) return primary
  return {
    ...primary,
    ...(sofa.foreignTraceId === undefined ? {} : { foreignTraceId: sofa.foreignTraceId }),
    ...(sofa.rpcId === undefined ? {} : { rpcId: sofa.rpcId })
  }
}
