// Trace and span ids: hex checks, mapping a foreign (non-W3C) trace id to W3C, derived and random ids.
import { Limits, type TraceContext } from "./meta-info.ts"

const hex32 = /^[0-9a-f]{32}$/
const hex16 = /^[0-9a-f]{16}$/
const shortHex = /^[0-9a-f]{1,32}$/
const allZero = /^0+$/
const foreignPattern = /^[\x21-\x7e]+$/

/** 32 lower-case hex digits, not all zero. */
export const isTraceId = (s: string): boolean => hex32.test(s) && !allZero.test(s)
/** 16 lower-case hex digits, not all zero. */
export const isSpanId = (s: string): boolean => hex16.test(s) && !allZero.test(s)
/** A trace id an opaque slot (SOFA trace id, Kitex LogID) may carry: 1..128 printable ASCII chars, no spaces. */
export const isForeignId = (s: string): boolean => s.length <= Limits.maxForeignId && foreignPattern.test(s)

/** FNV-1a (32 bit) of `s` from `seed`, as 8 hex digits. */
const fnv = (s: string, seed: number): string => {
  let h = seed >>> 0
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h.toString(16).padStart(8, "0")
}

/** `n` lanes of FNV-1a with distinct seeds; the last digit is forced non-zero when all are zero. */
const hashHex = (s: string, lanes: number): string => {
  let out = ""
  for (let i = 0; i < lanes; i++) out += fnv(s, (0x811c9dc5 ^ Math.imul(i + 1, 0x9e3779b9)) >>> 0)
  return allZero.test(out) ? `${out.slice(0, -1)}1` : out
}

/**
 * The W3C trace id for a foreign one: lower-cased, a 1..32 hex-digit id that is not all zero is
 * left-padded with "0" to 32 digits (a 64-bit B3 id, a W3C id, a 30-digit SOFA id); anything else is
 * hashed (FNV-1a, 4 lanes) to 32 hex digits. Deterministic: the same foreign id always maps the same.
 */
export const traceIdFromForeign = (foreign: string): string => {
  const lower = foreign.toLowerCase()
  return shortHex.test(lower) && !allZero.test(lower) ? lower.padStart(32, "0") : hashHex(foreign, 4)
}

/** A span id for a source that has none in W3C shape (SOFA, Kitex): FNV-1a of trace id and position. */
export const derivedSpanId = (traceId: string, position: string): string => hashHex(`${traceId}/${position}`, 2)

/**
 * A trace context from a foreign id (and SOFA rpc id): traceId by `traceIdFromForeign`, spanId
 * derived, sampled; `foreignTraceId` kept when it differs from the mapped id.
 */
export const traceFromForeign = (foreign: string, rpcId: string | undefined): TraceContext => {
  const traceId = traceIdFromForeign(foreign)
  return {
    traceId,
    spanId: derivedSpanId(traceId, rpcId ?? ""),
    sampled: true,
    ...(foreign === traceId ? {} : { foreignTraceId: foreign }),
    ...(rpcId === undefined ? {} : { rpcId })
  }
}

/** The id for opaque-id slots (SOFA trace id, Kitex LogID): the foreign id when there is one, else the W3C trace id. */
export const opaqueTraceId = (trace: TraceContext): string => trace.foreignTraceId ?? trace.traceId

const randomHex = (bytes: number): string => {
  const b = globalThis.crypto.getRandomValues(new Uint8Array(bytes))
  if (b.every((x) => x === 0)) b[bytes - 1] = 1
  let s = ""
  for (const x of b) s += x.toString(16).padStart(2, "0")
  return s
}

/** A new sampled trace: random 128-bit trace id and 64-bit span id from `crypto.getRandomValues`. */
export const newTrace = (): TraceContext => ({ traceId: randomHex(16), spanId: randomHex(8), sampled: true })

/** Gives `meta` a new trace when it has none and `generate` is on; returns whether it did. */
export const ensureTrace = (meta: { trace: TraceContext | undefined }, generate: boolean): boolean => {
  if (meta.trace !== undefined || !generate) return false
  meta.trace = newTrace()
  return true
}
