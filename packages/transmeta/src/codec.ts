// The meta codec contract (Kitex MetaHandler's ReadMeta/WriteMeta) and helpers shared by the string-keyed codecs.
import { type HeaderView, getValue } from "./header-view.ts"
import { Limits, type MetaInfo, putKey, type TraceContext } from "./meta-info.ts"
import { formatTraceparent, parseTraceparent, parseTracestate } from "./w3c.ts"

export interface ReadOptions {
  /** Clock for relative timeouts (default `Date.now()`). */
  readonly now?: number
  /** Bolt only: the frame's timeout field (ms; 0 or negative = none). */
  readonly frameTimeoutMs?: number
  /** HTTP only: a header carrying the remaining ms (none by default: plain HTTP has no deadline header). */
  readonly deadlineHeader?: string
}

export interface WriteOptions {
  /** Clock for relative timeouts (default `Date.now()`). */
  readonly now?: number
  /** Replace keys the headers already have (default false: a key present is left as it is). */
  readonly overwrite?: boolean
  /** HTTP only: write the remaining ms in this header (default: no deadline header). */
  readonly deadlineHeader?: string
  /** HTTP/gRPC only: also write B3, single `b3` or multi `x-b3-*` (default: W3C only). */
  readonly b3?: "single" | "multi"
}

/** Reads and writes MetaInfo in one protocol's own keys. Neither direction throws: malformed input is dropped. */
export interface MetaCodec<V> {
  readonly protocol: string
  read(view: V, options?: ReadOptions): MetaInfo
  /** Returns the remaining ms for a protocol that carries the deadline outside its headers (Bolt's frame timeout), else undefined. */
  write(meta: MetaInfo, view: V, options?: WriteOptions): number | undefined
}

export const Traceparent = "traceparent"
export const Tracestate = "tracestate"
/** Kitex metainfo's HTTP (and gRPC metadata) prefixes. */
export const PersistPrefix = "rpc-persist-"
export const TransitPrefix = "rpc-transit-"

/** `traceparent` and, when valid, `tracestate` from a string-keyed view. */
export const readW3C = (view: HeaderView): TraceContext | undefined => {
  const parent = parseTraceparent(getValue(view, Traceparent, 512))
  if (parent === undefined) return undefined
  const state = parseTracestate(getValue(view, Tracestate, Limits.maxTraceState))
  return state === undefined ? parent : { ...parent, traceState: state }
}

/** Sets `key` unless the view has it and `overwrite` is off. */
export const setKey = (view: HeaderView, key: string, value: string, overwrite: boolean): void => {
  if (overwrite) return view.set(key, value)
  const v = view.get(key)
  if (v === undefined || v === null) view.set(key, value)
}

export const writeW3C = (t: TraceContext, view: HeaderView, overwrite: boolean): void => {
  const present = view.get(Traceparent)
  if (!overwrite && present !== undefined && present !== null) return
  view.set(Traceparent, formatTraceparent(t))
  if (t.traceState !== undefined) view.set(Tracestate, t.traceState)
}

/** Kitex HTTPHeaderToCGIVariable: `abc-def` -> `ABC_DEF`. */
export const fromHttpKey = (k: string): string => k.toUpperCase().replace(/-/g, "_")
/** Kitex CGIVariableToHTTPHeader: `ABC_DEF` -> `abc-def`. */
export const toHttpKey = (k: string): string => k.toLowerCase().replace(/_/g, "-")

/** `rpc-persist-*` / `rpc-transit-*` keys (prefix case-insensitive) into the meta, keys in CGI form. */
export const readPrefixed = (view: HeaderView, meta: MetaInfo): void => {
  view.forEach((value, key) => {
    if (key.length <= PersistPrefix.length || value.length > Limits.maxValueLength) return
    const head = key.slice(0, PersistPrefix.length).toLowerCase()
    const map = head === PersistPrefix ? meta.persistent : head === TransitPrefix ? meta.transient : undefined
    if (map !== undefined) putKey(map, fromHttpKey(key.slice(PersistPrefix.length)), value)
  })
}

/** The meta's keys as `rpc-persist-<k>` / `rpc-transit-<k>` (HTTP form of the key). */
export const writePrefixed = (meta: MetaInfo, view: HeaderView, overwrite: boolean, persistent = true): void => {
  if (persistent) for (const [k, v] of meta.persistent) setKey(view, PersistPrefix + toHttpKey(k), v, overwrite)
  for (const [k, v] of meta.transient) setKey(view, TransitPrefix + toHttpKey(k), v, overwrite)
}
