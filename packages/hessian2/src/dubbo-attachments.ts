// Dubbo attachments in place: where the map sits in a request or response body, and the body with it replaced.
import { HessianError } from "./hessian-error.ts"
import { parseJavaDescriptor } from "./jvm-descriptor.ts"
import { HessianReader, type ReaderOptions } from "./reader.ts"
import { HessianWriter, type WriterTables } from "./writer.ts"

/** Where a body's attachments are, what they hold, and what a replacement written there continues from. */
export interface DubboAttachmentsAt {
  /** Byte offset of the attachments map (for a body without one: the end of the values before it). */
  readonly offset: number
  /**
   * The attachments (empty when the body has none). Values are decoded with their Java types (`withType`,
   * maps as `Map`s), so that writing them back keeps them.
   */
  readonly attachments: Map<string, unknown>
  /** The stream's reference, class and type counts at `offset`. */
  readonly tables: WriterTables
  /** Responses: the flag (0-5) and the byte offset after it. Requests: -1 and 0. */
  readonly flag: number
  readonly flagEnd: number
}

const tablesOf = (r: HessianReader): WriterTables => ({ refs: r.refs.length, classes: r.classes.length, types: r.types.length })

const unexpected = (what: string): HessianError => new HessianError("UnexpectedType", what)

/** The attachments value as a Map with string keys (a typed map's wrapper removed); null is an empty map. */
const asMap = (v: unknown): Map<string, unknown> => {
  if (v === null || v === undefined) return new Map()
  let m: unknown = v
  if (typeof m === "object" && !(m instanceof Map) && "$class" in (m as object) && (m as { $: unknown }).$ instanceof Map) m = (m as { $: unknown }).$
  if (!(m instanceof Map)) throw unexpected("Dubbo attachments are not a map")
  for (const k of m.keys()) {
    if (typeof k === "string") continue
    const out = new Map<string, unknown>()
    for (const [key, x] of m) out.set(String(key), x)
    return out
  }
  return m as Map<string, unknown>
}

// the reader options of the last caller's options (callers pass one constant)
let lastOptions: ReaderOptions | undefined
let lastResolved: ReaderOptions = { dialect: "2.0", withType: true, maps: "map" }

const readerFor = (bytes: Uint8Array, options?: ReaderOptions): HessianReader => {
  if (options !== lastOptions) {
    lastResolved = { ...options, dialect: "2.0", withType: true, maps: "map" }
    lastOptions = options
  }
  return new HessianReader(bytes, lastResolved)
}

const text = (v: unknown, what: string, nullable = false): void => {
  if (typeof v !== "string" && !(nullable && v === null)) throw unexpected(`Dubbo request ${what} is not a string`)
}

/** Find the attachments of a Dubbo request body: the arguments (counted from the descriptor) are read to reach them. */
export const locateDubboRequestAttachments = (bytes: Uint8Array, options?: ReaderOptions): DubboAttachmentsAt => {
  const r = readerFor(bytes, options)
  text(r.read(), "dubbo version")
  text(r.read(), "path")
  text(r.read(), "version", true)
  text(r.read(), "method")
  let d = r.read()
  if (typeof d === "number") d = r.read() // Dubbox marker
  if (d !== null) text(d, "descriptor")
  const n = parseJavaDescriptor(d === null ? "" : (d as string)).length
  for (let i = 0; i < n; i++) r.read()
  const offset = r.offset
  const tables = tablesOf(r)
  const attachments = r.done ? new Map<string, unknown>() : asMap(r.read())
  return { offset, attachments, tables, flag: -1, flagEnd: 0 }
}

/** Find the attachments of a Dubbo response body (status OK): flags 3-5 carry them after the value; 0-2 have none. */
export const locateDubboResponseAttachments = (bytes: Uint8Array, options?: ReaderOptions): DubboAttachmentsAt => {
  const r = readerFor(bytes, options)
  const flag = r.read(false)
  if (typeof flag !== "number" || !Number.isInteger(flag) || flag < 0 || flag > 5) {
    throw unexpected(`Dubbo response flag ${String(flag)} is not 0-5`)
  }
  const flagEnd = r.offset
  if (flag !== 2 && flag !== 5) r.read() // the exception or the value
  const offset = r.offset
  const tables = tablesOf(r)
  const attachments = flag >= 3 && !r.done ? asMap(r.read()) : new Map<string, unknown>()
  return { offset, attachments, tables, flag, flagEnd }
}

/**
 * The body with `attachments` in place of the map found by a locate function (anything after that map
 * is dropped). A response whose flag had no attachments (0-2) gets the matching flag with them (3-5).
 * Values are written as given (`{ $class, $ }` for Java types); the map's back references, class and type
 * numbers continue the body's tables.
 */
export const replaceDubboAttachments = (
  body: Uint8Array,
  at: DubboAttachmentsAt,
  attachments: Map<string, unknown> | Record<string, unknown>
): Uint8Array => {
  const map = new HessianWriter({ dialect: "2.0", tables: at.tables, initialSize: 256 }).write(attachments).finish()
  if (at.flag < 0) {
    const out = new Uint8Array(at.offset + map.length)
    out.set(body.subarray(0, at.offset))
    out.set(map, at.offset)
    return out
  }
  const flag = at.flag < 3 ? at.flag + 3 : at.flag
  const value = body.subarray(at.flagEnd, at.offset)
  const out = new Uint8Array(1 + value.length + map.length)
  out[0] = 0x90 + flag // a compact int
  out.set(value, 1)
  out.set(map, 1 + value.length)
  return out
}
