// The Hessian decoder: reads consecutive values from one buffer, either dialect (auto-detected), with limits.
import { DRAFT, FINAL, UNDECIDED } from "./dialect.ts"
import { HessianError } from "./hessian-error.ts"
import {
  readClassDefDraft,
  readClassDefFinal,
  readDraftFixedList,
  readDraftList,
  readDraftMap,
  readFinalMap,
  readFixedList,
  readInstance,
  readTypeFinal,
  readUntypedMap,
  readVariableList
} from "./read-containers.ts"
import { readBinaryTag, readStringTag } from "./read-chunks.ts"
import { hexByte, type Reader, ReaderCore, type ReaderOptions } from "./reader-core.ts"

export type { ClassDef, Reader, ReaderOptions } from "./reader-core.ts"

/** Thrown when an undecided stream turns out to be draft: the value is re-read from its start as draft. */
const RESTART_AS_DRAFT = { restart: true }

export class HessianReader extends ReaderCore implements Reader {
  read(withType?: boolean): unknown {
    this.depth = 0
    const saved = this.withType
    if (withType !== undefined) this.withType = withType
    try {
      return this.mode === UNDECIDED ? this.readTentative() : this.readValue()
    } catch (e) {
      // a maxDepth set beyond what the stack holds
      if (e instanceof RangeError) throw this.fail("LimitExceeded", "nesting exceeds the call stack")
      throw e
    } finally {
      this.withType = saved
    }
  }

  // Snapshot of an undecided read, to restart it as draft.
  private startPos = 0
  private startRefs = 0
  private startClasses = 0
  private startTypes = 0
  private startBudget = 0

  private restore(): void {
    this.pos = this.startPos
    this.refs.length = this.startRefs
    this.classes.length = this.startClasses
    this.types.length = this.startTypes
    this.budget = this.startBudget
    this.depth = 0
  }

  /**
   * Undecided dialect: read as final Hessian 2.0, switching to draft (and restarting the value) at the
   * first draft byte code. If the value fails without a deciding code, retry it as draft; if a guess
   * that it was draft fails, retry it as final.
   */
  private readTentative(): unknown {
    this.startPos = this.pos
    this.startRefs = this.refs.length
    this.startClasses = this.classes.length
    this.startTypes = this.types.length
    this.startBudget = this.budget
    let first: HessianError | undefined
    let forced = false
    let guessed = false
    for (;;) {
      try {
        const v = this.readValue()
        this.guessedDraft = false
        this.noGuess = false
        return v
      } catch (e) {
        if (e === RESTART_AS_DRAFT) {
          this.restore()
          continue
        }
        const wasGuess = this.guessedDraft
        this.guessedDraft = false
        if (!(e instanceof HessianError)) {
          this.noGuess = false
          throw e
        }
        first ??= e
        if (wasGuess) {
          guessed = true
          this.noGuess = true
          this.restore()
          this.mode = UNDECIDED
          continue
        }
        if (this.mode === UNDECIDED && !guessed && !forced) {
          forced = true
          this.restore()
          this.mode = DRAFT
          continue
        }
        this.noGuess = false
        if (forced || guessed) {
          this.restore()
          this.mode = UNDECIDED
        }
        throw first
      }
    }
  }

  /** The draft decision was a guess (a map whose "type" reads like a key): undo it if the value fails. */
  private guessedDraft = false
  /** Retrying after a failed guess: do not guess again. */
  private noGuess = false

  /**
   * `M` followed by a string in an undecided stream: a final typed map names a Java class there
   * (dotted, or an array type); anything else is more likely the first key of a draft untyped map.
   */
  private guessDraftMap(): boolean {
    if (this.noGuess || this.pos >= this.end) return false
    const b = this.buf[this.pos]
    if (!(b < 0x20 || (b >= 0x30 && b <= 0x33) || b === 0x53)) return false
    const pos = this.pos
    const budget = this.budget
    let s = ""
    try {
      this.pos++
      s = readStringTag(this, b)
    } catch {
      return false
    } finally {
      this.pos = pos
      this.budget = budget
    }
    if (s.indexOf(".") >= 0 || s.startsWith("[")) return false
    this.guessedDraft = true
    this.becomeDraft()
    return true
  }

  /**
   * An undecided stream proves to be draft: settle on draft and restart the current value, since what
   * was read of it so far was read as final.
   */
  becomeDraft(): void {
    if (this.mode === DRAFT) return
    this.mode = DRAFT
    // the deciding tag opens the value: nothing was read as final yet
    if (this.pos - 1 !== this.startPos) throw RESTART_AS_DRAFT
  }

  /** A byte code that is a draft value unless the final meaning is possible. */
  draftBy(tag: number): boolean {
    if (this.mode === DRAFT) return true
    if (this.mode === FINAL) return false
    if (tag >= 0x60 && tag <= 0x6f && tag - 0x60 < this.classes.length) return false
    this.becomeDraft()
    return true
  }

  /** `V`/`M` in an undecided stream: draft if the next byte is a draft type/length/end code. */
  draftAfter(codes: number): boolean {
    if (this.mode !== UNDECIDED) return this.mode === DRAFT
    if (this.pos < this.end) {
      const b = this.buf[this.pos]
      if (b === 0x74 || b === 0x75 || b === 0x7a || (codes === 1 && (b === 0x6e || b === 0x6c))) {
        this.becomeDraft()
        return true
      }
    }
    return false
  }

  readValue(): unknown {
    const buf = this.buf
    for (;;) {
      const at = this.pos
      if (at >= this.end) throw this.truncated()
      const tag = buf[at]
      this.pos = at + 1
      if ((this.budget -= 16) < 0) throw this.fail("LimitExceeded", "decode budget (maxTotalBytes) exhausted", at)
      if (tag >= 0x80) {
        if (tag <= 0xbf) return tag - 0x90
        if (tag <= 0xcf) return ((tag - 0xc8) << 8) + this.u8()
        if (tag <= 0xd7) return ((tag - 0xd4) << 16) + this.u16()
        if (tag <= 0xef) return this.long(tag - 0xe0)
        return this.long(((tag - 0xf8) << 8) + this.u8())
      }
      if (tag < 0x20) return readStringTag(this, tag)
      switch (tag) {
        case 0x30: case 0x31: case 0x32: case 0x33: case 0x52: case 0x53:
          if (tag === 0x52 && this.mode === DRAFT) return this.ref(this.i32())
          return readStringTag(this, tag)
        case 0x38: case 0x39: case 0x3a: case 0x3b: case 0x3c: case 0x3d: case 0x3e: case 0x3f:
          return this.long(((tag - 0x3c) << 16) + this.u16())
        case 0x41:
          this.decideFinal()
          return readBinaryTag(this, tag)
        case 0x20: case 0x21: case 0x22: case 0x23: case 0x24: case 0x25: case 0x26: case 0x27:
        case 0x28: case 0x29: case 0x2a: case 0x2b: case 0x2c: case 0x2d: case 0x2e: case 0x2f:
        case 0x42: case 0x34: case 0x35: case 0x36: case 0x37:
          return readBinaryTag(this, tag)
        case 0x43:
          this.decideFinal()
          readClassDefFinal(this)
          continue
        case 0x44: return this.double(this.float(8))
        case 0x46: return false
        case 0x48: return readUntypedMap(this)
        case 0x49: return this.i32()
        case 0x4a:
          if (this.mode === DRAFT) return this.ref(this.u8())
          return new Date(Number(this.i64()))
        case 0x4b:
          if (this.mode === DRAFT) return this.ref(this.u16())
          return new Date(this.i32() * 60000)
        case 0x4c: return this.long(this.i64())
        case 0x4d:
          if (this.draftAfter(0) || (this.mode === UNDECIDED && this.guessDraftMap())) return readDraftMap(this)
          return readFinalMap(this, readTypeFinal(this))
        case 0x4e: return null
        case 0x4f:
          if (this.mode === DRAFT || (this.mode === UNDECIDED && this.classes.length === 0)) {
            this.becomeDraft()
            readClassDefDraft(this)
            continue
          }
          return readInstance(this, this.readInt())
        case 0x51:
          this.decideFinal()
          return this.ref(this.readInt())
        case 0x54: return true
        case 0x55:
          this.decideFinal()
          return readVariableList(this, readTypeFinal(this))
        case 0x56:
          if (this.draftAfter(1)) return readDraftList(this)
          return readFixedList(this, readTypeFinal(this), this.readInt())
        case 0x57:
          this.decideFinal()
          return readVariableList(this, undefined)
        case 0x58:
          this.decideFinal()
          return readFixedList(this, undefined, this.readInt())
        case 0x59:
          this.decideFinal()
          return this.long(this.i32())
        case 0x5b: this.decideFinal(); return this.double(0)
        case 0x5c: this.decideFinal(); return this.double(1)
        case 0x5d: this.decideFinal(); return this.double((this.u8() << 24) >> 24)
        case 0x5e: this.decideFinal(); return this.double((this.u16() << 16) >> 16)
        case 0x5f: this.decideFinal(); return this.double(this.i32() * 0.001)
        case 0x62: case 0x64: case 0x67: case 0x68: case 0x69: case 0x6a: case 0x6b: case 0x6f:
          if (this.draftBy(tag)) return this.readDraftOnly(tag)
          return readInstance(this, tag - 0x60)
        case 0x60: case 0x61: case 0x63: case 0x65: case 0x66: case 0x6c: case 0x6d: case 0x6e:
          return readInstance(this, tag - 0x60)
        case 0x73: case 0x74: case 0x75: case 0x76: case 0x77:
          if (this.mode === DRAFT) return this.readDraftOnly(tag)
          return readFixedList(this, readTypeFinal(this), tag - 0x70)
        case 0x70: case 0x71: case 0x72:
          return readFixedList(this, readTypeFinal(this), tag - 0x70)
        case 0x78: case 0x79: case 0x7a: case 0x7b: case 0x7c: case 0x7d: case 0x7e: case 0x7f:
          if (tag === 0x7a && this.mode === DRAFT) throw this.fail("InvalidTag", "unexpected end marker 'z'", at)
          return readFixedList(this, undefined, tag - 0x78)
        default:
          throw this.fail("InvalidTag", `invalid byte code 0x${hexByte(tag)}`, at)
      }
    }
  }

  /** Draft meanings of byte codes that the final dialect uses for something else. */
  private readDraftOnly(tag: number): unknown {
    switch (tag) {
      case 0x62: return readBinaryTag(this, tag)
      case 0x64: return new Date(Number(this.i64()))
      case 0x67: return this.double(0)
      case 0x68: return this.double(1)
      case 0x69: return this.double((this.u8() << 24) >> 24)
      case 0x6a: return this.double((this.u16() << 16) >> 16)
      case 0x6b: return this.double(this.float(4))
      case 0x6f: return readInstance(this, this.readInt())
      case 0x73: return readStringTag(this, tag)
      case 0x76: return readDraftFixedList(this)
      case 0x77: return this.long(this.i32())
      default: throw this.fail("InvalidTag", `byte code 0x${hexByte(tag)} is not a draft value`, this.pos - 1)
    }
  }
}

/** Creates a reader over `bytes` (not copied); call `read()` once per value. */
export const createReader = (bytes: Uint8Array, options?: ReaderOptions): Reader => new HessianReader(bytes, options)

/** Decodes the first value of `bytes`; trailing bytes are ignored. */
export const decode = (bytes: Uint8Array, options?: ReaderOptions): unknown => new HessianReader(bytes, options).read()

/** Decodes every value in `bytes`. */
export const decodeAll = (bytes: Uint8Array, options?: ReaderOptions): Array<unknown> => {
  const r = new HessianReader(bytes, options)
  const out: Array<unknown> = []
  while (!r.done) out.push(r.read())
  return out
}
