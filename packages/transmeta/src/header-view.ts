// The small header views the codecs read and write: a Map, a fetch Headers, or a plain record all fit.

/** get/set/forEach over one key space. `Map<K, string>` and fetch `Headers` satisfy it as they are. */
export interface KeyedView<K> {
  get(key: K): string | null | undefined
  set(key: K, value: string): void
  forEach(f: (value: string, key: K) => void): void
}

/** String-keyed headers (HTTP, gRPC metadata, the Bolt header map, Dubbo attachments). */
export type HeaderView = KeyedView<string>

/** TTHeader's two info maps: INTKEYVALUE (u16 keys) and KEYVALUE (string keys). */
export interface TTHeaderView {
  readonly int: KeyedView<number>
  readonly str: KeyedView<string>
}

/**
 * A view over a plain record (e.g. an RpcHeader or Dubbo attachments): non-string values read as
 * absent and are skipped by forEach; `set` writes the record.
 */
export const recordView = (record: Record<string, unknown>): HeaderView => ({
  get: (key) => {
    if (!Object.hasOwn(record, key)) return undefined
    const v = record[key]
    return typeof v === "string" ? v : undefined
  },
  set: (key, value) => {
    record[key] = value
  },
  forEach: (f) => {
    for (const key of Object.keys(record)) {
      const v = record[key]
      if (typeof v === "string") f(v, key)
    }
  }
})

/** A view that reads `base` then `overlay`, and writes only `overlay` (to add keys without touching the source). */
export const overlayView = (base: HeaderView, overlay: Map<string, string>): HeaderView => ({
  get: (key) => overlay.get(key) ?? base.get(key),
  set: (key, value) => void overlay.set(key, value),
  forEach: (f) => {
    base.forEach((v, k) => { if (!overlay.has(k)) f(v, k) })
    overlay.forEach(f)
  }
})

/** `view.get(key)` as a string, or undefined for absent, null or over-long values (never parsed). */
export const getValue = (view: HeaderView, key: string, max: number): string | undefined => {
  const v = view.get(key)
  return typeof v === "string" && v.length <= max ? v : undefined
}

/** True when `view` has any of `keys`. */
export const hasAny = (view: HeaderView, keys: ReadonlyArray<string>): boolean => {
  for (const k of keys) {
    const v = view.get(k)
    if (v !== undefined && v !== null) return true
  }
  return false
}
