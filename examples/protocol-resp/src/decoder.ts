// The streaming RESP2 decoder: push chunks, read whole values (commands and every reply type) with their wire bytes, within limits.
import type { Decoded, FrameDecoder } from "@mosaic/protocol"
import { defaultRespLimits, RespError, type RespLimits, type RespValue } from "./value.ts"

const CR = 13
const LF = 10
const NEED = -1
const EMPTY = new Uint8Array(0)
const text = new TextDecoder()

/**
 * Bytes are kept in one buffer from the start of the unfinished value; a value handed out is a view of
 * that buffer, never overwritten (the buffer is replaced, not compacted in place). An unfinished value is
 * parsed again from its start when more bytes come: bulk strings are skipped by length, so a 1 MB value
 * arriving in 64 KB chunks costs one header parse per chunk.
 */
export class RespDecoder implements FrameDecoder<RespValue> {
  private readonly limits: RespLimits
  private buf: Uint8Array = EMPTY
  private start = 0
  private end = 0
  private pos = 0
  private owned = false

  constructor(limits: Partial<RespLimits> = {}) {
    this.limits = { ...defaultRespLimits, ...limits }
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return
    if (this.start === this.end) {
      this.buf = chunk // the caller's bytes: read, never written into
      this.owned = false
      this.start = 0
      this.end = chunk.length
      return
    }
    if (!this.owned || this.buf.length - this.end < chunk.length) {
      // a new buffer of our own; views already handed out keep the old one
      const left = this.end - this.start
      const next = new Uint8Array(Math.max(left + chunk.length, left * 2))
      next.set(this.buf.subarray(this.start, this.end))
      this.buf = next
      this.owned = true
      this.start = 0
      this.end = left
    }
    this.buf.set(chunk, this.end) // past every handed-out view
    this.end += chunk.length
  }

  read(): Decoded<RespValue> | undefined {
    // empty lines between values are skipped, as Redis skips empty inline commands (redis-cli --pipe sends one)
    while (this.start < this.end && (this.buf[this.start] === CR || this.buf[this.start] === LF)) this.start++
    if (this.start === this.end) {
      this.buf = EMPTY
      this.start = this.end = 0
      return undefined
    }
    this.pos = this.start
    const v = this.value(0)
    if (v === undefined) return undefined
    const raw = this.buf.subarray(this.start, this.pos)
    this.start = this.pos
    if (this.start === this.end) {
      this.buf = EMPTY
      this.start = this.end = 0
    }
    return { frame: v, raw }
  }

  pending(): Uint8Array {
    return this.buf.subarray(this.start, this.end)
  }

  /** The line after the type byte at `pos` (pos moves past its CRLF), or NEED. */
  private lineEnd(): number {
    const b = this.buf
    const from = this.pos + 1
    const max = this.limits.maxLineBytes
    const limit = Math.min(this.end, from + max + 1)
    for (let i = from; i < limit; i++) {
      if (b[i] !== CR) continue
      if (i + 1 >= this.end) return NEED
      if (b[i + 1] !== LF) throw new RespError("BadLine", "CR not followed by LF")
      return i
    }
    if (this.end - from > max) throw new RespError("TooLarge", `line over ${max} bytes`)
    return NEED
  }

  /** A signed decimal length or integer line. */
  private number(from: number, to: number): number {
    const b = this.buf
    let i = from
    let neg = false
    if (b[i] === 45) {
      neg = true
      i++
    }
    if (i === to || to - i > 15) throw new RespError("BadLength", "a length of 1 to 15 digits")
    let n = 0
    for (; i < to; i++) {
      const c = b[i]! - 48
      if (c < 0 || c > 9) throw new RespError("BadLength", "a decimal length")
      n = n * 10 + c
    }
    return neg ? -n : n
  }

  private value(depth: number): RespValue | undefined {
    if (this.pos >= this.end) return undefined
    const type = this.buf[this.pos]!
    const eol = this.lineEnd()
    if (eol === NEED) return undefined
    const from = this.pos + 1
    this.pos = eol + 2
    switch (type) {
      case 43: // +
        return { type: "simple", value: text.decode(this.buf.subarray(from, eol)) }
      case 45: // -
        return { type: "error", value: text.decode(this.buf.subarray(from, eol)) }
      case 58: { // :
        const s = text.decode(this.buf.subarray(from, eol))
        if (!/^-?[0-9]{1,19}$/.test(s)) throw new RespError("BadLength", "an integer reply of 1 to 19 digits")
        return { type: "integer", value: BigInt(s) }
      }
      case 36: { // $
        const n = this.number(from, eol)
        if (n === -1) return { type: "bulk", value: null }
        if (n < 0) throw new RespError("BadLength", `bulk length ${n}`)
        if (n > this.limits.maxBulkBytes) throw new RespError("TooLarge", `bulk string of ${n} bytes over ${this.limits.maxBulkBytes}`)
        const at = this.pos
        if (at + n + 2 > this.end) return undefined
        if (this.buf[at + n] !== CR || this.buf[at + n + 1] !== LF) throw new RespError("BadLine", "bulk string not ended by CRLF")
        this.pos = at + n + 2
        return { type: "bulk", value: this.buf.subarray(at, at + n) }
      }
      case 42: { // *
        const n = this.number(from, eol)
        if (n === -1) return { type: "array", value: null }
        if (n < 0) throw new RespError("BadLength", `array length ${n}`)
        if (n > this.limits.maxArrayLength) throw new RespError("TooLarge", `array of ${n} elements over ${this.limits.maxArrayLength}`)
        if (depth >= this.limits.maxDepth) throw new RespError("TooDeep", `arrays nested deeper than ${this.limits.maxDepth}`)
        const items: Array<RespValue> = []
        for (let i = 0; i < n; i++) {
          const v = this.value(depth + 1)
          if (v === undefined) return undefined
          items.push(v)
        }
        return { type: "array", value: items }
      }
    }
    throw new RespError("BadType", `type byte 0x${type.toString(16)} (inline commands are not supported)`)
  }
}
