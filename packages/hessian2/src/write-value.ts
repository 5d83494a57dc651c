// Maps a JS value (plain or `{ $class, $ }` tagged) to Hessian: numbers, strings, lists, maps, objects, refs.
import { HessianError } from "./hessian-error.ts"
import {
  javaKind,
  KIND_ANY,
  KIND_BINARY,
  KIND_BOOL,
  KIND_DATE,
  KIND_DOUBLE,
  KIND_INT,
  KIND_LONG,
  KIND_MAP,
  KIND_STRING,
  KIND_UNTYPED_LIST,
  KIND_UNTYPED_MAP
} from "./java-types.ts"
import type { HessianWriter } from "./writer.ts"

/**
 * Plain JS: integers in 32 bits are `int`, other integers `long`, other numbers `double`, bigint `long`,
 * arrays untyped lists, `Map`s and plain objects untyped maps, `Date` dates, `Uint8Array` binary;
 * `undefined` and functions are null. `{ $class, $ }` picks the Java type (see java-types.ts).
 */
export const writeValue = (w: HessianWriter, v: unknown): void => {
  switch (typeof v) {
    case "string": return w.writeString(v)
    case "number": return writeNumber(w, v)
    case "boolean": return w.writeBool(v)
    case "bigint": return w.writeLong(v)
    case "object": return v === null ? w.writeNull() : writeObject(w, v)
    default: return w.writeNull()
  }
}

const writeNumber = (w: HessianWriter, v: number): void => {
  if (Number.isInteger(v)) {
    if (v >= -0x80000000 && v <= 0x7fffffff) return w.writeInt(v)
    if (v >= -9223372036854775808 && v < 9223372036854775808) return w.writeLong(v)
  }
  w.writeDouble(v)
}

const writeObject = (w: HessianWriter, v: object): void => {
  if (Array.isArray(v)) return writeList(w, v, v, undefined)
  const cls = (v as { $class?: unknown }).$class
  if (typeof cls === "string" && "$" in v) return writeTyped(w, cls, (v as { $: unknown }).$, v)
  if (v instanceof Uint8Array) return w.writeBinary(v)
  if (v instanceof Date) return w.writeDate(v.getTime())
  if (v instanceof Map) return writeMap(w, v, v, undefined)
  if (v instanceof Set) return writeList(w, v, [...v], undefined)
  if (v instanceof ArrayBuffer) return w.writeBinary(new Uint8Array(v))
  if (ArrayBuffer.isView(v)) return writeList(w, v, Array.from(v as unknown as ArrayLike<unknown>), undefined)
  writeMap(w, v, v, undefined)
}

const toLong = (v: unknown): number | bigint => {
  if (typeof v === "number" || typeof v === "bigint") return v
  if (typeof v === "string") {
    try {
      const b = BigInt(v)
      return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b
    } catch {
      throw new HessianError("InvalidValue", `"${v}" is not a long`)
    }
  }
  return Number(v)
}

const writeTyped = (w: HessianWriter, cls: string, inner: unknown, wrapper: object): void => {
  if (inner === null || inner === undefined) return w.writeNull()
  switch (javaKind(cls)) {
    case KIND_BOOL: return w.writeBool(Boolean(inner))
    case KIND_INT: return w.writeInt(Number(inner))
    case KIND_LONG: return w.writeLong(toLong(inner))
    case KIND_DOUBLE: return w.writeDouble(Number(inner))
    case KIND_STRING: return w.writeString(typeof inner === "string" ? inner : String(inner))
    case KIND_DATE: return w.writeDate(inner instanceof Date ? inner.getTime() : Number(inner))
    case KIND_ANY: return writeValue(w, inner)
    case KIND_BINARY:
      if (inner instanceof Uint8Array) return w.writeBinary(inner)
      break
    case KIND_UNTYPED_MAP:
      if (typeof inner === "object") return writeMap(w, wrapper, inner, undefined)
      break
    case KIND_MAP:
      if (typeof inner === "object") return writeMap(w, wrapper, inner, cls)
      break
    case KIND_UNTYPED_LIST:
      if (Array.isArray(inner)) return writeList(w, wrapper, inner, undefined)
      break
  }
  if (typeof inner !== "object") return writeValue(w, inner)
  if (Array.isArray(inner)) return writeList(w, wrapper, inner, cls)
  if (inner instanceof Map || (wrapper as { isMap?: unknown }).isMap === true) return writeMap(w, wrapper, inner, cls)
  if (inner instanceof Uint8Array) return w.writeBinary(inner)
  if (inner instanceof Date) return w.writeDate(inner.getTime())
  if (inner instanceof Set) return writeList(w, wrapper, [...inner], cls)
  writeFields(w, cls, wrapper, inner)
}

const enter = (w: HessianWriter): void => {
  if (++w.depth > w.maxDepth) throw new HessianError("LimitExceeded", `value nests deeper than maxDepth ${w.maxDepth}`)
}

const writeList = (w: HessianWriter, identity: object, arr: ReadonlyArray<unknown>, type: string | undefined): void => {
  if (w.ref(identity)) return
  enter(w)
  const n = arr.length
  const hasEnd = w.beginList(n, type)
  for (let i = 0; i < n; i++) writeValue(w, arr[i])
  if (hasEnd) w.endList()
  w.depth--
}

const writeMap = (w: HessianWriter, identity: object, m: object, type: string | undefined): void => {
  if (w.ref(identity)) return
  enter(w)
  w.beginMap(type)
  if (m instanceof Map) {
    for (const [k, x] of m) {
      writeValue(w, k)
      writeValue(w, x)
    }
  } else {
    const keys = Object.keys(m)
    for (let i = 0; i < keys.length; i++) {
      w.writeString(keys[i])
      writeValue(w, (m as Record<string, unknown>)[keys[i]])
    }
  }
  w.endMap()
  w.depth--
}

const writeFields = (w: HessianWriter, cls: string, wrapper: object, obj: object): void => {
  if (w.ref(wrapper)) return
  enter(w)
  const keys = Object.keys(obj)
  w.beginObject(cls, keys)
  for (let i = 0; i < keys.length; i++) writeValue(w, (obj as Record<string, unknown>)[keys[i]])
  w.depth--
}
