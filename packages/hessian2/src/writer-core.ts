// Writer buffer and primitives: the slab, growth, and the Hessian encodings of scalars, strings and binaries.
import { HessianError } from "./hessian-error.ts"
import { writeUtf8 } from "./utf8-encode.ts"

const TWO_32 = 4294967296
const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

const invalid = (message: string): HessianError => new HessianError("InvalidValue", message)

export class WriterCore {
  /** The slab: finished streams stay behind `start` (their views are never overwritten). */
  buf: Uint8Array
  view: DataView
  pos = 0
  start = 0
  readonly draft: boolean
  private readonly slabSize: number

  constructor(draft: boolean, slabSize: number) {
    this.draft = draft
    this.slabSize = slabSize
    this.buf = new Uint8Array(slabSize)
    this.view = new DataView(this.buf.buffer)
  }

  /**
   * The current stream's bytes, as a view into the slab (like a pooled Buffer: its `.buffer` is shared,
   * but nothing is ever written over it); the next stream starts after it, or in a fresh slab.
   */
  takeStream(): Uint8Array {
    const out = this.buf.subarray(this.start, this.pos)
    const next = (this.pos + 7) & ~7
    if (this.buf.length - next < Math.max(256, this.buf.length >> 3)) {
      this.buf = new Uint8Array(this.slabSize)
      this.view = new DataView(this.buf.buffer)
      this.start = this.pos = 0
    } else {
      this.start = this.pos = next
    }
    return out
  }

  ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n)
  }

  /** Moves the current stream to a new slab big enough for `n` more bytes. */
  grow(n: number): void {
    const used = this.pos - this.start
    let size = Math.max(this.slabSize, this.buf.length)
    while (size < used + n) size *= 2
    const next = new Uint8Array(size)
    next.set(this.buf.subarray(this.start, this.pos))
    this.buf = next
    this.view = new DataView(next.buffer)
    this.start = 0
    this.pos = used
  }

  byte(b: number): void {
    if (this.pos >= this.buf.length) this.grow(1)
    this.buf[this.pos++] = b
  }

  u16(v: number): void {
    this.ensure(2)
    this.buf[this.pos++] = v >>> 8
    this.buf[this.pos++] = v & 0xff
  }

  i32(v: number): void {
    this.ensure(4)
    this.view.setInt32(this.pos, v)
    this.pos += 4
  }

  writeNull(): void {
    this.byte(0x4e)
  }

  writeBool(v: boolean): void {
    this.byte(v ? 0x54 : 0x46)
  }

  writeInt(v: number): void {
    if ((v | 0) !== v) throw invalid(`${v} is not a 32-bit int`)
    if (v >= -16 && v <= 47) return this.byte(0x90 + v)
    this.ensure(5)
    const buf = this.buf
    if (v >= -2048 && v <= 2047) {
      buf[this.pos++] = 0xc8 + (v >> 8)
      buf[this.pos++] = v & 0xff
    } else if (v >= -262144 && v <= 262143) {
      buf[this.pos++] = 0xd4 + (v >> 16)
      buf[this.pos++] = (v >> 8) & 0xff
      buf[this.pos++] = v & 0xff
    } else {
      buf[this.pos++] = 0x49
      this.view.setInt32(this.pos, v)
      this.pos += 4
    }
  }

  writeLong(v: number | bigint): void {
    if (typeof v === "bigint") {
      if (v >= -0x80000000n && v <= 0x7fffffffn) return this.writeLong(Number(v))
      if (v < INT64_MIN || v > INT64_MAX) throw invalid(`${v} is not a 64-bit long`)
      this.ensure(9)
      this.buf[this.pos++] = 0x4c
      this.view.setBigInt64(this.pos, v)
      this.pos += 8
      return
    }
    if (!Number.isInteger(v)) throw invalid(`${v} is not an integer long`)
    this.ensure(9)
    const buf = this.buf
    if (v >= -8 && v <= 15) {
      buf[this.pos++] = 0xe0 + v
    } else if (v >= -2048 && v <= 2047) {
      buf[this.pos++] = 0xf8 + (v >> 8)
      buf[this.pos++] = v & 0xff
    } else if (v >= -262144 && v <= 262143) {
      buf[this.pos++] = 0x3c + (v >> 16)
      buf[this.pos++] = (v >> 8) & 0xff
      buf[this.pos++] = v & 0xff
    } else if (v >= -0x80000000 && v <= 0x7fffffff) {
      buf[this.pos++] = this.draft ? 0x77 : 0x59
      this.view.setInt32(this.pos, v)
      this.pos += 4
    } else if (Number.isSafeInteger(v)) {
      buf[this.pos++] = 0x4c
      const hi = Math.floor(v / TWO_32)
      this.view.setInt32(this.pos, hi)
      this.view.setUint32(this.pos + 4, v - hi * TWO_32)
      this.pos += 8
    } else {
      this.writeLong(BigInt(v)) // beyond 2^53: exact via bigint (range-checked there)
    }
  }

  writeDouble(v: number): void {
    this.ensure(9)
    const buf = this.buf
    if (Number.isInteger(v)) {
      if (v === 0) return void (buf[this.pos++] = this.draft ? 0x67 : 0x5b)
      if (v === 1) return void (buf[this.pos++] = this.draft ? 0x68 : 0x5c)
      if (v >= -128 && v <= 127) {
        buf[this.pos++] = this.draft ? 0x69 : 0x5d
        buf[this.pos++] = v & 0xff
        return
      }
      if (v >= -32768 && v <= 32767) {
        buf[this.pos++] = this.draft ? 0x6a : 0x5e
        buf[this.pos++] = (v >> 8) & 0xff
        buf[this.pos++] = v & 0xff
        return
      }
      if (this.draft && v >= -0x80000000 && v <= 0x7fffffff && Math.fround(v) === v) {
        buf[this.pos++] = 0x6b
        this.view.setFloat32(this.pos, v)
        this.pos += 4
        return
      }
    }
    if (!this.draft) {
      const m = v * 1000
      if (m > -2147483649 && m < 2147483648) {
        const mills = Math.trunc(m)
        if (mills * 0.001 === v) {
          buf[this.pos++] = 0x5f
          this.view.setInt32(this.pos, mills)
          this.pos += 4
          return
        }
      }
    }
    buf[this.pos++] = 0x44
    this.view.setFloat64(this.pos, v)
    this.pos += 8
  }

  /** A date as epoch milliseconds: final `K` (whole minutes) or `J`; draft `d`. */
  writeDate(ms: number): void {
    if (!Number.isFinite(ms)) return this.writeNull()
    ms = Math.trunc(ms)
    this.ensure(9)
    if (!this.draft && ms % 60000 === 0) {
      const minutes = ms / 60000
      if (minutes >= -0x80000000 && minutes <= 0x7fffffff) {
        this.buf[this.pos++] = 0x4b
        this.view.setInt32(this.pos, minutes)
        this.pos += 4
        return
      }
    }
    this.buf[this.pos++] = this.draft ? 0x64 : 0x4a
    const hi = Math.floor(ms / TWO_32)
    this.view.setInt32(this.pos, hi)
    this.view.setUint32(this.pos + 4, ms - hi * TWO_32)
    this.pos += 8
  }

  writeString(s: string): void {
    const len = s.length
    if (len <= 31) {
      // short string: header and body in one pass, ASCII inline
      if (this.pos + 1 + len * 3 > this.buf.length) this.grow(1 + len * 3)
      const buf = this.buf
      let p = this.pos
      buf[p++] = len
      for (let i = 0; i < len; i++) {
        const c = s.charCodeAt(i)
        if (c >= 0x80) {
          this.pos = p - i
          return writeUtf8(this, s, 0, len)
        }
        buf[p++] = c
      }
      this.pos = p
      return
    }
    let off = 0
    while (len - off > 0x8000) {
      let sub = 0x8000
      const tail = s.charCodeAt(off + sub - 1)
      if (tail >= 0xd800 && tail <= 0xdbff) sub--
      this.byte(this.draft ? 0x73 : 0x52)
      this.u16(sub)
      writeUtf8(this, s, off, off + sub)
      off += sub
    }
    const n = len - off
    this.ensure(3)
    const buf = this.buf
    if (n <= 31) {
      buf[this.pos++] = n
    } else if (n <= 1023 && !this.draft) {
      buf[this.pos++] = 0x30 + (n >> 8)
      buf[this.pos++] = n & 0xff
    } else {
      buf[this.pos++] = 0x53
      buf[this.pos++] = n >> 8
      buf[this.pos++] = n & 0xff
    }
    writeUtf8(this, s, off, len)
  }

  writeBinary(bytes: Uint8Array): void {
    const n = bytes.length
    if (n <= 15) {
      this.ensure(1 + n)
      this.buf[this.pos++] = 0x20 + n
      this.buf.set(bytes, this.pos)
      this.pos += n
      return
    }
    const chunk = this.draft ? 0x8000 : 4093
    let off = 0
    while (n - off > chunk) {
      this.ensure(3 + chunk)
      this.buf[this.pos++] = this.draft ? 0x62 : 0x41
      this.u16(chunk)
      this.buf.set(bytes.subarray(off, off + chunk), this.pos)
      this.pos += chunk
      off += chunk
    }
    const left = n - off
    this.ensure(3 + left)
    if (left <= 15) {
      this.buf[this.pos++] = 0x20 + left
    } else if (left <= 1023 && !this.draft) {
      this.buf[this.pos++] = 0x34 + (left >> 8)
      this.buf[this.pos++] = left & 0xff
    } else {
      this.buf[this.pos++] = 0x42
      this.u16(left)
    }
    this.buf.set(off === 0 ? bytes : bytes.subarray(off), this.pos)
    this.pos += left
  }

  /** Back reference to the n-th list/map/object of the stream: final `Q` int; draft `J` u8, `K` u16, `R` i32. */
  writeRef(i: number): void {
    if (!this.draft) {
      this.byte(0x51)
      return this.writeInt(i)
    }
    this.ensure(5)
    if (i < 0x100) {
      this.buf[this.pos++] = 0x4a
      this.buf[this.pos++] = i
    } else if (i < 0x10000) {
      this.buf[this.pos++] = 0x4b
      this.u16(i)
    } else {
      this.buf[this.pos++] = 0x52
      this.i32(i)
    }
  }
}
