// MetaInfo: the protocol-neutral call metadata (trace context, deadline, persistent and transient keys) and its bounds.

/** A trace context in W3C shape, plus what a non-W3C source carried that W3C cannot hold. */
export interface TraceContext {
  /** 32 lower-case hex digits, not all zero (W3C trace-id). */
  readonly traceId: string
  /** 16 lower-case hex digits, not all zero (W3C parent-id, B3 SpanId). */
  readonly spanId: string
  /** B3 ParentSpanId (16 hex), when the source had one. */
  readonly parentSpanId?: string
  /** W3C flags bit 0 / B3 sampling; true when the source said nothing. */
  readonly sampled: boolean
  /** W3C tracestate, validated and normalized (members joined with ","). */
  readonly traceState?: string
  /** The original trace id when it was not W3C-shaped (a SOFA trace id, a Kitex LogID); written verbatim to opaque-id slots. */
  readonly foreignTraceId?: string
  /** SOFA's span position ("0", "0.1.2"), kept verbatim for SOFA peers. */
  readonly rpcId?: string
}

/** Kitex metainfo-style call metadata. Build it with `emptyMeta()` and `putKey`. */
export interface MetaInfo {
  trace: TraceContext | undefined
  /** Absolute deadline, ms since the epoch (`Date.now()` based). */
  deadline: number | undefined
  /** Keys that travel the whole call chain (Kitex persistent values, SOFA baggage). */
  readonly persistent: Map<string, string>
  /** Keys for the next hop only (Kitex transient values). */
  readonly transient: Map<string, string>
}

export const Limits = {
  /** Most persistent keys, and separately most transient keys; extra keys are dropped. */
  maxKeys: 64,
  maxKeyLength: 128,
  maxValueLength: 4096,
  /** Incoming values longer than this are ignored before any parsing. */
  maxRawValue: 64 * 1024,
  maxTraceState: 512,
  maxTraceStateMembers: 32,
  maxForeignId: 128,
  maxRpcId: 256
} as const

export const emptyMeta = (): MetaInfo => ({ trace: undefined, deadline: undefined, persistent: new Map(), transient: new Map() })

const keyPattern = /^[A-Za-z0-9_.-]+$/
const valuePattern = /^[\t\x20-\x7e\x80-\xff]+$/

/** A key Mosaic carries: letters, digits, `_`, `.`, `-`, at most 128 chars. */
export const isValidKey = (key: string): boolean => key.length > 0 && key.length <= Limits.maxKeyLength && keyPattern.test(key)

/** A value every protocol can carry as a header: no controls but tab, no chars past U+00FF, 1..4096 chars (Kitex drops empty values). */
export const isValidValue = (value: string): boolean =>
  value.length > 0 && value.length <= Limits.maxValueLength && valuePattern.test(value)

/** Adds `key` unless it or its value is invalid or the map is full; an existing key is kept. True when stored. */
export const putKey = (map: Map<string, string>, key: string, value: string): boolean => {
  if (map.has(key) || map.size >= Limits.maxKeys || !isValidKey(key) || !isValidValue(value)) return false
  map.set(key, value)
  return true
}

/** Kitex TransferForward for a service making its own onward call: the transient keys were for this hop only. */
export const forward = (meta: MetaInfo): MetaInfo => ({
  trace: meta.trace, deadline: meta.deadline, persistent: new Map(meta.persistent), transient: new Map()
})

/** The remaining time in whole ms (at least 1, at most 2^31-1), or undefined without a deadline. */
export const remainingMs = (meta: MetaInfo, now: number): number | undefined =>
  meta.deadline === undefined || !Number.isFinite(meta.deadline)
    ? undefined
    : Math.max(1, Math.min(0x7fffffff, Math.ceil(meta.deadline - now)))

/** A relative ms timeout as written by Dubbo, Kitex and Bolt: a positive integer up to 2^31-1, else undefined. */
export const parseMs = (raw: string | null | undefined): number | undefined => {
  if (raw === undefined || raw === null || !/^\d{1,10}$/.test(raw)) return undefined
  const n = Number(raw)
  return n > 0 && n <= 0x7fffffff ? n : undefined
}
