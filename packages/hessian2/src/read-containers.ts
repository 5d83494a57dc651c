// Reads Hessian lists, maps, class definitions and object instances (both dialects); containers are
// registered for back references before their contents are read, so cycles resolve.
import { DRAFT } from "./dialect.ts"
import { classTemplate, COMPILE_AFTER, compileFactory, COMPILES_PER_READER } from "./instance-factory.ts"
import { isMapType } from "./java-types.ts"
import { readStringValue } from "./read-chunks.ts"
import type { HessianReader } from "./reader.ts"
import { readUtf8 } from "./utf8-decode.ts"

const Z = 0x5a
const z = 0x7a

/** Assigns without letting a `__proto__` key replace the prototype. */
const setField = (obj: Record<string, unknown>, key: string, value: unknown): void => {
  if (key === "__proto__") Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true })
  else obj[key] = value
}

/** A map key as a property name: strings as is, typed wrappers unwrapped, enums by name. */
const keyString = (k: unknown): string => {
  if (typeof k === "string") return k
  if (k !== null && typeof k === "object") {
    const o = k as { $class?: unknown; $?: unknown; name?: unknown }
    if (typeof o.$class === "string" && "$" in o) return keyString(o.$)
    if (typeof o.name === "string") return o.name
  }
  return String(k)
}

const wrapList = (r: HessianReader, type: string | undefined, arr: Array<unknown>): unknown =>
  type !== undefined && type !== "" && r.withType ? { $class: type, $: arr } : arr

const endOfInput = (r: HessianReader): never => {
  throw r.truncated()
}

/** Final type: a string (added to the type table) or an int reference into it. */
export const readTypeFinal = (r: HessianReader): string => {
  if (r.pos >= r.end) endOfInput(r)
  const b = r.buf[r.pos]
  if (b < 0x20 || (b >= 0x30 && b <= 0x33) || b === 0x52 || b === 0x53) {
    const t = readStringValue(r)
    r.charge(32)
    r.types.push(t)
    return t
  }
  return typeRef(r, r.readInt())
}

const typeRef = (r: HessianReader, i: number): string => {
  if (i < 0 || i >= r.types.length) throw r.fail("BadReference", `type reference #${i} of ${r.types.length}`)
  return r.types[i]
}

/** Draft type, optional: `t` len16 utf8 (added to the table) or `u` int reference. */
const readTypeDraft = (r: HessianReader): string | undefined => {
  if (r.pos >= r.end) endOfInput(r)
  const b = r.buf[r.pos]
  if (b === 0x74) {
    r.pos++
    const len = r.u16()
    if (len > r.end - r.pos) endOfInput(r)
    r.charge(32 + len * 2)
    const t = readUtf8(r, len)
    r.types.push(t)
    return t
  }
  if (b === 0x75) {
    r.pos++
    return typeRef(r, r.readInt())
  }
  return undefined
}

export const readFixedList = (r: HessianReader, type: string | undefined, len: number): unknown => {
  r.checkCount(len, "list length")
  r.enter()
  const arr: Array<unknown> = []
  const out = wrapList(r, type, arr)
  r.refs.push(out)
  for (let i = 0; i < len; i++) arr.push(r.readValue())
  r.depth--
  return out
}

/** Elements until the end marker (`Z`; a draft stream also accepts `z`). */
const readUntilEnd = (r: HessianReader, arr: Array<unknown>, draft: boolean): void => {
  const max = r.limits.maxCollectionLength
  for (;;) {
    if (r.pos >= r.end) endOfInput(r)
    const b = r.buf[r.pos]
    if (b === Z || (draft && b === z)) {
      r.pos++
      return
    }
    if (arr.length >= max) throw r.fail("LimitExceeded", "list exceeds maxCollectionLength")
    arr.push(r.readValue())
  }
}

export const readVariableList = (r: HessianReader, type: string | undefined): unknown => {
  r.enter()
  const arr: Array<unknown> = []
  const out = wrapList(r, type, arr)
  r.refs.push(out)
  readUntilEnd(r, arr, false)
  r.depth--
  return out
}

/** Draft `V` [t type | u ref] [n len8 | l len32] values `z`. */
export const readDraftList = (r: HessianReader): unknown => {
  const type = readTypeDraft(r)
  let len = -1
  if (r.pos < r.end) {
    const b = r.buf[r.pos]
    if (b === 0x6e) {
      r.pos++
      len = r.u8()
    } else if (b === 0x6c) {
      r.pos++
      len = r.i32()
      if (len < 0) throw r.fail("InvalidLength", `negative list length ${len}`)
    }
  }
  r.enter()
  const arr: Array<unknown> = []
  const out = wrapList(r, type, arr)
  r.refs.push(out)
  if (len >= 0) {
    r.checkCount(len, "list length")
    for (let i = 0; i < len; i++) arr.push(r.readValue())
    const end = r.u8()
    if (end !== z && end !== Z) throw r.fail("InvalidTag", "expected list end 'z'", r.pos - 1)
  } else {
    readUntilEnd(r, arr, true)
  }
  r.depth--
  return out
}

/** Draft `v` int(type ref) int(length) values. */
export const readDraftFixedList = (r: HessianReader): unknown => {
  const type = typeRef(r, r.readInt())
  return readFixedList(r, type, r.readInt())
}

const readMapBody = (r: HessianReader, type: string | undefined, draft: boolean): unknown => {
  r.enter()
  const max = r.limits.maxCollectionLength
  let out: unknown
  let obj: Record<string, unknown> | undefined
  let map: Map<unknown, unknown> | undefined
  if (r.mapsAsMap) out = map = new Map()
  else out = obj = {}
  if (type !== undefined && type !== "" && r.withType) {
    const wrapper: Record<string, unknown> = { $class: type, $: out }
    if (!isMapType(type)) Object.defineProperty(wrapper, "isMap", { value: true })
    out = wrapper
  }
  r.refs.push(out)
  let count = 0
  for (;;) {
    if (r.pos >= r.end) endOfInput(r)
    const b = r.buf[r.pos]
    if (b === Z || (draft && b === z)) {
      r.pos++
      break
    }
    if (++count > max) throw r.fail("LimitExceeded", "map exceeds maxCollectionLength")
    const k = r.readValue()
    const v = r.readValue()
    if (map !== undefined) {
      map.set(k, v)
    } else {
      const key = typeof k === "string" ? k : keyString(k)
      if (key === "__proto__") setField(obj!, key, v)
      else obj![key] = v
    }
  }
  r.depth--
  return out
}

/** `H` entries `Z` (a draft stream also accepts `z`). */
export const readUntypedMap = (r: HessianReader): unknown => readMapBody(r, undefined, r.mode === DRAFT)

/** Final `M` type entries `Z`. */
export const readFinalMap = (r: HessianReader, type: string): unknown => readMapBody(r, type, false)

/** Draft `M` [t type | u ref] entries `z`. */
export const readDraftMap = (r: HessianReader): unknown => readMapBody(r, readTypeDraft(r), true)

const define = (r: HessianReader, name: string): void => {
  const n = r.readInt()
  r.checkCount(n, "field count")
  r.charge(64 + n * 16)
  const fields: Array<string> = []
  for (let i = 0; i < n; i++) fields.push(readStringValue(r))
  r.classes.push({ template: classTemplate(name, fields), uses: 0 })
}

/** Final `C` string(name) int(count) string(field)*. */
export const readClassDefFinal = (r: HessianReader): void => define(r, readStringValue(r))

/** Draft `O` int(name length) utf8(name) int(count) string(field)*. */
export const readClassDefDraft = (r: HessianReader): void => {
  const len = r.readInt()
  if (len < 0) throw r.fail("InvalidLength", `negative class name length ${len}`)
  if (len > r.limits.maxStringLength) throw r.fail("LimitExceeded", "class name exceeds maxStringLength")
  if (len > r.end - r.pos) endOfInput(r)
  r.charge(len * 2)
  define(r, readUtf8(r, len))
}

export const readInstance = (r: HessianReader, ref: number): unknown => {
  if (ref < 0 || ref >= r.classes.length) throw r.fail("BadReference", `class definition #${ref} of ${r.classes.length}`)
  const def = r.classes[ref]
  const t = def.template
  r.enter()
  let factory = t.factory
  if (factory === undefined && !t.compiled && ++def.uses >= COMPILE_AFTER && r.compiles < COMPILES_PER_READER) {
    r.compiles++
    factory = compileFactory(t)
  }
  if (factory !== undefined) {
    const out = factory(r, t.name)
    r.depth--
    return out
  }
  const obj: Record<string, unknown> = {}
  const out = r.withType ? { $class: t.name, $: obj } : obj
  r.refs.push(out)
  const fields = t.fields
  const n = fields.length
  if (t.plain) for (let i = 0; i < n; i++) obj[fields[i]] = r.readValue()
  else for (let i = 0; i < n; i++) setField(obj, fields[i], r.readValue())
  r.depth--
  return out
}
