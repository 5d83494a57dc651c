// A FrameHeaders over an RPC frame's single-valued headers (Bolt header map, Dubbo attachments, TTHeader infos), copy-on-write.
import type { FrameHeaders } from "./header-map.ts"

/** A header value as text: strings as they are; numbers, booleans and Java-typed scalars (`{ $class, $ }`) as text. */
export const headerValueText = (v: unknown): string | undefined => {
  switch (typeof v) {
    case "string": return v
    case "number":
    case "boolean":
    case "bigint": return String(v)
    case "object": {
      if (v === null) return undefined
      const inner = (v as { $?: unknown }).$
      return "$class" in v && inner !== null && typeof inner !== "object" ? headerValueText(inner) : undefined
    }
  }
  return undefined
}

const EMPTY: ReadonlyMap<string, unknown> = new Map()

/**
 * Names are matched exactly first, then case-insensitively (the HeaderMap contract); `add` replaces, as
 * these protocols have one value per name. The frame's own map is copied on the first change. A map that
 * is not `writable` (the frame has no headers: plain framed Thrift, a Dubbo error or non-hessian body)
 * reads as empty, and every write is logged and ignored.
 */
export class RpcHeaders implements FrameHeaders {
  readonly writable: boolean
  /** A write happened (the frame must be re-encoded). */
  changed = false
  private map: ReadonlyMap<string, unknown>
  private owned = false
  private readonly what: string
  private readonly log: (message: string) => void

  constructor(source: ReadonlyMap<string, unknown> | undefined, what: string, log: (message: string) => void) {
    this.writable = source !== undefined
    this.map = source ?? EMPTY
    this.what = what
    this.log = log
  }

  /** The entries, as changed (values as decoded for the untouched ones). */
  get entries(): ReadonlyMap<string, unknown> {
    return this.map
  }

  private find(name: string): string | undefined {
    if (this.map.has(name)) return name
    const lower = name.toLowerCase()
    for (const k of this.map.keys()) if (k.toLowerCase() === lower) return k
    return undefined
  }

  get(name: string): string | undefined {
    const v = this.map.get(name)
    if (v !== undefined) return headerValueText(v)
    const k = this.find(name)
    return k === undefined ? undefined : headerValueText(this.map.get(k))
  }

  set(name: string, value: string): void {
    const m = this.own(name)
    if (m === undefined) return
    for (let k = this.find(name); k !== undefined; k = this.find(name)) m.delete(k)
    m.set(name, value)
  }

  add(name: string, value: string): void {
    this.set(name, value)
  }

  del(name: string): void {
    if (this.find(name) === undefined) return
    const m = this.own(name)
    if (m === undefined) return
    for (let k = this.find(name); k !== undefined; k = this.find(name)) m.delete(k)
  }

  forEach(fn: (value: string, name: string) => void): void {
    for (const [k, v] of this.map) {
      const t = headerValueText(v)
      if (t !== undefined) fn(t, k)
    }
  }

  private own(name: string): Map<string, unknown> | undefined {
    if (!this.writable) {
      this.log(`${this.what} has no headers: the change of "${name}" is ignored`)
      return undefined
    }
    this.changed = true
    if (!this.owned) {
      this.map = new Map(this.map)
      this.owned = true
    }
    return this.map as Map<string, unknown>
  }
}
