// Reader state and primitives: the cursor over one buffer, limits, tables and the dialect state.
import { type Dialect, dialectName, DRAFT, FINAL, UNDECIDED } from "./dialect.ts"
import { HessianError, type HessianErrorReason } from "./hessian-error.ts"
import type { ClassTemplate } from "./instance-factory.ts"
import { type DecodeLimits, resolveLimits } from "./limits.ts"
import type { ByteCursor } from "./utf8-decode.ts"

export interface ReaderOptions {
  readonly limits?: Partial<DecodeLimits>
  /** Default `"auto"`: the first dialect-specific byte code decides; ambiguous values are retried. */
  readonly dialect?: Dialect | "auto"
  /**
   * Return objects, typed lists and typed maps as `{ $class, $ }`, longs as `{ $class: "long", $ }` and
   * doubles as `{ $class: "double", $ }`, so that encoding the result writes the same Java types.
   */
  readonly withType?: boolean
  /** `"auto"` (default): longs are numbers when safe, bigints beyond 2^53. `"bigint"`: always bigints. */
  readonly longs?: "auto" | "bigint"
  /** `"object"` (default): maps decode to plain objects (keys made strings). `"map"`: to JS `Map`s. */
  readonly maps?: "object" | "map"
}

/** Reads the values of one Hessian stream; reference, class and type tables are shared across values. */
export interface Reader {
  /** Reads the next value; `withType` overrides the reader option for this value. */
  read(withType?: boolean): unknown
  /** Byte offset of the next value. */
  readonly offset: number
  /** True once every byte has been read. */
  readonly done: boolean
  /** The dialect seen so far (`"auto"` while nothing has decided it). */
  readonly dialect: Dialect | "auto"
}

/** A class definition as read in this stream. */
export interface ClassDef {
  readonly template: ClassTemplate
  /** Instances read in this stream while not yet compiled. */
  uses: number
}

const TWO_32 = 4294967296
// Floats go through an 8-byte scratch buffer, so a reader needs no DataView of its own.
const scratchBytes = new Uint8Array(8)
const scratchView = new DataView(scratchBytes.buffer)

export const hexByte = (b: number): string => b.toString(16).padStart(2, "0")

export class ReaderCore implements ByteCursor {
  buf: Uint8Array
  pos: number
  end: number
  mode: number
  withType: boolean
  readonly bigints: boolean
  readonly mapsAsMap: boolean
  readonly limits: DecodeLimits
  refs: Array<unknown> = []
  classes: Array<ClassDef> = []
  types: Array<string> = []
  depth = 0
  budget: number
  /** Factories this reader compiled (bounded). */
  compiles = 0

  constructor(bytes: Uint8Array, options: ReaderOptions | undefined) {
    this.limits = resolveLimits(options?.limits)
    if (bytes.length > this.limits.maxInputBytes) {
      throw new HessianError("LimitExceeded", `input of ${bytes.length} bytes exceeds maxInputBytes`, 0)
    }
    this.buf = bytes
    this.pos = 0
    this.end = bytes.length
    const d = options?.dialect
    this.mode = d === "2.0" ? FINAL : d === "draft" ? DRAFT : UNDECIDED
    this.withType = options?.withType === true
    this.bigints = options?.longs === "bigint"
    this.mapsAsMap = options?.maps === "map"
    this.budget = this.limits.maxTotalBytes
  }

  get offset(): number {
    return this.pos
  }

  get done(): boolean {
    return this.pos >= this.end
  }

  get dialect(): Dialect | "auto" {
    return dialectName(this.mode)
  }

  fail(reason: HessianErrorReason, message: string, at = this.pos): HessianError {
    return new HessianError(reason, message, at)
  }

  truncated(): HessianError {
    return new HessianError("Truncated", "input ends inside a value", this.end)
  }

  need(n: number): void {
    if (this.pos + n > this.end) throw this.truncated()
  }

  charge(bytes: number): void {
    if ((this.budget -= bytes) < 0) throw this.fail("LimitExceeded", "decode budget (maxTotalBytes) exhausted")
  }

  /** Checks a declared element count: not negative, within limits, and not more than the bytes left. */
  checkCount(n: number, what: string): void {
    if (n < 0) throw this.fail("InvalidLength", `negative ${what} ${n}`)
    if (n > this.limits.maxCollectionLength) throw this.fail("LimitExceeded", `${what} ${n} exceeds maxCollectionLength`)
    if (n > this.end - this.pos) throw this.truncated()
  }

  enter(): void {
    if (++this.depth > this.limits.maxDepth) throw this.fail("LimitExceeded", "nesting exceeds maxDepth")
    if ((this.budget -= 64) < 0) throw this.fail("LimitExceeded", "decode budget (maxTotalBytes) exhausted")
  }

  u8(): number {
    if (this.pos >= this.end) throw this.truncated()
    return this.buf[this.pos++]
  }

  u16(): number {
    this.need(2)
    const p = this.pos
    this.pos = p + 2
    return (this.buf[p] << 8) | this.buf[p + 1]
  }

  i32(): number {
    this.need(4)
    const b = this.buf
    const p = this.pos
    this.pos = p + 4
    return (b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]
  }

  /** 64-bit big-endian integer: a number when safe, else a bigint. */
  i64(): number | bigint {
    const hi = this.i32()
    const lo = this.i32() >>> 0
    if (hi >= -0x200000 && hi < 0x200000 && !(hi === -0x200000 && lo === 0)) return hi * TWO_32 + lo
    return (BigInt(hi) << 32n) | BigInt(lo)
  }

  /** 8-byte (or 4-byte) big-endian IEEE float. */
  float(bytes: 4 | 8): number {
    this.need(bytes)
    const b = this.buf
    const p = this.pos
    for (let i = 0; i < bytes; i++) scratchBytes[i] = b[p + i]
    this.pos = p + bytes
    return bytes === 8 ? scratchView.getFloat64(0) : scratchView.getFloat32(0)
  }

  /** An `int` where the grammar requires one (lengths, class and type references). */
  readInt(): number {
    const tag = this.u8()
    if (tag >= 0x80 && tag <= 0xbf) return tag - 0x90
    if (tag >= 0xc0 && tag <= 0xcf) return ((tag - 0xc8) << 8) + this.u8()
    if (tag >= 0xd0 && tag <= 0xd7) return ((tag - 0xd4) << 16) + this.u16()
    if (tag === 0x49) return this.i32()
    throw this.fail("InvalidTag", `expected an int, got 0x${hexByte(tag)}`, this.pos - 1)
  }

  long(v: number | bigint): unknown {
    const value = this.bigints ? BigInt(v) : v
    return this.withType ? { $class: "long", $: value } : value
  }

  double(v: number): unknown {
    return this.withType ? { $class: "double", $: v } : v
  }

  ref(i: number): unknown {
    if (i < 0 || i >= this.refs.length) throw this.fail("BadReference", `reference #${i} of ${this.refs.length}`)
    return this.refs[i]
  }

  decideFinal(): void {
    if (this.mode === UNDECIDED) this.mode = FINAL
  }
}
