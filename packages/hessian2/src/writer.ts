// The Hessian encoder: values into one stream, with its reference, class and type tables and container headers.
import type { Dialect } from "./dialect.ts"
import { HessianError } from "./hessian-error.ts"
import { writeUtf8 } from "./utf8-encode.ts"
import { writeValue } from "./write-value.ts"
import { WriterCore } from "./writer-core.ts"

export interface WriterOptions {
  /** `"2.0"` (default, Dubbo and Caucho) or `"draft"` (what SOFA writes by default). */
  readonly dialect?: Dialect
  /** Slab size in bytes (default 8192); a stream that outgrows it moves to a buffer twice as big. */
  readonly initialSize?: number
  /** Deepest nesting the encoder follows (default 1000). */
  readonly maxDepth?: number
  /**
   * Continue a stream begun elsewhere: its reference, class and type tables already hold this many
   * entries (e.g. a reader's counts where these bytes will be spliced in), so back references, class
   * numbers and type numbers written here count on from them.
   */
  readonly tables?: WriterTables
}

/** Entry counts of a Hessian stream's three tables. */
export interface WriterTables {
  readonly refs: number
  readonly classes: number
  readonly types: number
}

/** Writes consecutive values into one Hessian stream; the tables (refs, classes, types) are shared. */
export interface Writer {
  write(value: unknown): Writer
  /** The stream's bytes (a view nothing overwrites); the tables are cleared for the next stream. */
  finish(): Uint8Array
  /** Drops what was written and clears the tables. */
  reset(): void
  readonly length: number
  readonly dialect: Dialect
}

interface ClassEntry {
  readonly index: number
  readonly fields: ReadonlyArray<string>
  next: ClassEntry | undefined
}

const sameFields = (a: ReadonlyArray<string>, b: ReadonlyArray<string>): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** Encoded class definitions, per dialect: they hold only strings, so their bytes are context-free. */
interface CachedDef {
  readonly fields: ReadonlyArray<string>
  readonly bytes: Uint8Array
  readonly next: CachedDef | undefined
}
const defCache = [new Map<string, CachedDef>(), new Map<string, CachedDef>()]
const DEF_CACHE_MAX = 1024
const DEF_CACHE_PER_CLASS = 8
const REF_LIST_MAX = 256

export class HessianWriter extends WriterCore implements Writer {
  readonly maxDepth: number
  depth = 0
  // Written containers, numbered in order: a list (indexOf is fastest while short), then a Map.
  private refList: Array<object> = []
  private refMap: Map<object, number> | undefined = undefined
  private classes = new Map<string, ClassEntry>()
  private classCount = 0
  private types = new Map<string, number>()
  private readonly refBase: number
  private readonly classBase: number
  private readonly typeBase: number

  constructor(options?: WriterOptions) {
    super(options?.dialect === "draft", Math.max(64, options?.initialSize ?? 8192))
    this.maxDepth = options?.maxDepth ?? 1000
    const t = options?.tables
    this.refBase = t?.refs ?? 0
    this.classBase = this.classCount = t?.classes ?? 0
    this.typeBase = t?.types ?? 0
  }

  get length(): number {
    return this.pos - this.start
  }

  get dialect(): Dialect {
    return this.draft ? "draft" : "2.0"
  }

  write(value: unknown): this {
    this.depth = 0
    try {
      writeValue(this, value)
    } catch (e) {
      // a maxDepth set beyond what the stack holds
      if (e instanceof RangeError) throw new HessianError("LimitExceeded", "value nests deeper than the call stack")
      throw e
    }
    return this
  }

  /** The stream's bytes: a view into the writer's slab that nothing overwrites (see WriterCore.takeStream). */
  finish(): Uint8Array {
    const out = this.takeStream()
    this.clearTables()
    return out
  }

  reset(): void {
    this.pos = this.start
    this.clearTables()
  }

  private clearTables(): void {
    this.depth = 0
    if (this.refList.length > 0) this.refList.length = 0
    this.refMap = undefined
    if (this.classes.size > 0) this.classes.clear()
    this.classCount = this.classBase
    if (this.types.size > 0) this.types.clear()
  }

  /** Writes a back reference if `value` was written before and returns true; else numbers it. */
  ref(value: object): boolean {
    let seen: number
    const map = this.refMap
    if (map === undefined) {
      const list = this.refList
      seen = list.indexOf(value)
      if (seen < 0) {
        list.push(value)
        if (list.length > REF_LIST_MAX) this.refMap = new Map(list.map((o, i) => [o, i]))
        return false
      }
    } else {
      const s = map.get(value)
      if (s === undefined) {
        map.set(value, map.size)
        return false
      }
      seen = s
    }
    this.writeRef(seen + this.refBase)
    return true
  }

  private writeType(type: string): void {
    const known = this.types.get(type)
    if (this.draft) {
      if (known !== undefined) {
        this.byte(0x75)
        return this.writeInt(known)
      }
      this.types.set(type, this.typeBase + this.types.size)
      this.byte(0x74)
      this.u16(type.length)
      return writeUtf8(this, type, 0, type.length)
    }
    if (known !== undefined) return this.writeInt(known)
    this.types.set(type, this.typeBase + this.types.size)
    this.writeString(type)
  }

  /** List header; returns true when the list needs `endList()` (draft `V` lists). */
  beginList(length: number, type: string | undefined): boolean {
    if (this.draft) {
      if (type !== undefined && type !== "") {
        const known = this.types.get(type)
        if (known !== undefined) {
          this.byte(0x76)
          this.writeInt(known)
          this.writeInt(length)
          return false
        }
        this.byte(0x56)
        this.writeType(type)
      } else {
        this.byte(0x56)
      }
      this.ensure(5)
      if (length < 0x100) {
        this.buf[this.pos++] = 0x6e
        this.buf[this.pos++] = length
      } else {
        this.buf[this.pos++] = 0x6c
        this.i32(length)
      }
      return true
    }
    if (type !== undefined && type !== "") {
      if (length <= 7) {
        this.byte(0x70 + length)
        this.writeType(type)
      } else {
        this.byte(0x56)
        this.writeType(type)
        this.writeInt(length)
      }
    } else if (length <= 7) {
      this.byte(0x78 + length)
    } else {
      this.byte(0x58)
      this.writeInt(length)
    }
    return false
  }

  endList(): void {
    this.byte(0x7a)
  }

  /** Map header: final `H` or `M` type; draft `M` [type]. Close with `endMap()`. */
  beginMap(type: string | undefined): void {
    if (type === undefined || type === "") {
      this.byte(this.draft ? 0x4d : 0x48)
      return
    }
    this.byte(0x4d)
    this.writeType(type)
  }

  endMap(): void {
    this.byte(this.draft ? 0x7a : 0x5a)
  }

  /**
   * Object header: the class definition the first time this class is written with these fields, then
   * the instance tag. The caller then writes one value per field, in `fields` order.
   */
  beginObject(className: string, fields: ReadonlyArray<string>): void {
    let entry = this.classes.get(className)
    while (entry !== undefined && !sameFields(entry.fields, fields)) entry = entry.next
    if (entry === undefined) {
      entry = { index: this.classCount++, fields, next: this.classes.get(className) }
      this.classes.set(className, entry)
      this.writeClassDef(className, fields)
    }
    const i = entry.index
    if (this.draft) {
      this.byte(0x6f)
      this.writeInt(i)
    } else if (i <= 15) {
      this.byte(0x60 + i)
    } else {
      this.byte(0x4f)
      this.writeInt(i)
    }
  }

  /** Final `C` string int string*; draft `O` int(len) utf8 int string*. Copied from a cache when seen before. */
  private writeClassDef(className: string, fields: ReadonlyArray<string>): void {
    const cache = defCache[this.draft ? 1 : 0]
    let cached = cache.get(className)
    let depth = 0
    while (cached !== undefined && !sameFields(cached.fields, fields)) {
      cached = cached.next
      depth++
    }
    if (cached !== undefined) {
      const n = cached.bytes.length
      this.ensure(n)
      this.buf.set(cached.bytes, this.pos)
      this.pos += n
      return
    }
    const from = this.pos
    if (this.draft) {
      this.byte(0x4f)
      this.writeInt(className.length)
      writeUtf8(this, className, 0, className.length)
    } else {
      this.byte(0x43)
      this.writeString(className)
    }
    this.writeInt(fields.length)
    for (let i = 0; i < fields.length; i++) this.writeString(fields[i])
    if (depth < DEF_CACHE_PER_CLASS && cache.size < DEF_CACHE_MAX) {
      cache.set(className, { fields: fields.slice(), bytes: this.buf.slice(from, this.pos), next: cache.get(className) })
    }
  }
}

/** Creates a writer; `write()` values, then `finish()` for the bytes. */
export const createWriter = (options?: WriterOptions): Writer => new HessianWriter(options)

// One shared writer per dialect for encode(); a nested call (from a getter) gets its own.
const shared: Array<HessianWriter | undefined> = [undefined, undefined]

/** Encodes one value (final dialect unless `dialect: "draft"`). */
export const encode = (value: unknown, options?: WriterOptions): Uint8Array => {
  if (options?.initialSize !== undefined || options?.maxDepth !== undefined || options?.tables !== undefined) {
    return new HessianWriter(options).write(value).finish()
  }
  const d = options?.dialect === "draft" ? 1 : 0
  const w = shared[d] ?? new HessianWriter(options)
  shared[d] = undefined
  try {
    return w.write(value).finish()
  } catch (e) {
    w.reset()
    throw e
  } finally {
    shared[d] = w
  }
}
