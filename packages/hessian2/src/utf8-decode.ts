// Decodes Hessian string bodies: a count of UTF-16 units (as Java counts them) of UTF-8 or CESU-8 bytes.
import { HessianError } from "./hessian-error.ts"

/** The part of a reader the string decoder moves along. */
export interface ByteCursor {
  buf: Uint8Array
  pos: number
  end: number
}

const textDecoder = new TextDecoder("utf-8")
/** Strings this long (in bytes) go through TextDecoder when that is lossless. */
const TEXT_DECODER_MIN = 48
const CACHE_MAX_LEN = 64
const CACHE_SIZE = 2048
const cacheKeys: Array<string | undefined> = new Array(CACHE_SIZE).fill(undefined)
let scratch = new Uint16Array(256)

const invalid = (c: ByteCursor, at: number, what: string): HessianError =>
  new HessianError("InvalidUtf8", `invalid UTF-8 in string: ${what}`, at)
const truncated = (at: number): HessianError => new HessianError("Truncated", "input ends inside a string", at)

/** Plain arrays of each length up to SCRATCH_MAX, reused as `String.fromCharCode.apply` arguments. */
const SCRATCH_MAX = 256
const argArrays: Array<Array<number>> = []
for (let i = 0; i <= SCRATCH_MAX; i++) argArrays.push(new Array<number>(i).fill(0))

/** Builds a string from ASCII bytes; short ones are shared through a small cache. */
const asciiString = (buf: Uint8Array, start: number, stop: number, hash: number): string => {
  const n = stop - start
  if (n > SCRATCH_MAX) return textDecoder.decode(buf.subarray(start, stop))
  let slot = -1
  if (n <= CACHE_MAX_LEN) {
    slot = (hash ^ (hash >>> 11) ^ n) & (CACHE_SIZE - 1)
    const hit = cacheKeys[slot]
    if (hit !== undefined && hit.length === n) {
      let i = 0
      while (i < n && hit.charCodeAt(i) === buf[start + i]) i++
      if (i === n) return hit
    }
  }
  const args = argArrays[n]
  for (let i = 0; i < n; i++) args[i] = buf[start + i]
  const s = String.fromCharCode.apply(null, args)
  if (slot >= 0) cacheKeys[slot] = s
  return s
}

/**
 * Reads `units` UTF-16 units at `c.pos` and advances past them. A 4-byte UTF-8 sequence counts as
 * two units (a surrogate pair), exactly like the 3-byte halves Java writes for one.
 */
export const readUtf8 = (c: ByteCursor, units: number): string => {
  const buf = c.buf
  const start = c.pos
  const stop = start + units
  if (stop <= c.end) {
    let i = start
    let hash = 0
    while (i < stop) {
      const b = buf[i]
      if (b >= 0x80) break
      hash = (Math.imul(hash, 31) + b) | 0
      i++
    }
    if (i === stop) {
      c.pos = stop
      return asciiString(buf, start, stop, hash)
    }
  }
  return readSlow(c, units)
}

const readSlow = (c: ByteCursor, units: number): string => {
  const buf = c.buf
  const end = c.end
  const start = c.pos
  let i = start
  let u = 0
  // lossless: TextDecoder would give the same string (no CESU surrogates, no overlong forms)
  let lossless = true
  while (u < units) {
    if (i >= end) throw truncated(end)
    const b = buf[i]
    if (b < 0x80) {
      i++
      u++
    } else if (b < 0xc0) {
      throw invalid(c, i, "unexpected continuation byte")
    } else if (b < 0xe0) {
      if (i + 1 >= end) throw truncated(end)
      if ((buf[i + 1] & 0xc0) !== 0x80) throw invalid(c, i + 1, "bad continuation byte")
      if (b < 0xc2) lossless = false
      i += 2
      u++
    } else if (b < 0xf0) {
      if (i + 2 >= end) throw truncated(end)
      const b1 = buf[i + 1]
      if ((b1 & 0xc0) !== 0x80 || (buf[i + 2] & 0xc0) !== 0x80) throw invalid(c, i + 1, "bad continuation byte")
      if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 >= 0xa0)) lossless = false
      i += 3
      u++
    } else if (b < 0xf5) {
      if (i + 3 >= end) throw truncated(end)
      const b1 = buf[i + 1]
      if ((b1 & 0xc0) !== 0x80 || (buf[i + 2] & 0xc0) !== 0x80 || (buf[i + 3] & 0xc0) !== 0x80) {
        throw invalid(c, i + 1, "bad continuation byte")
      }
      if (b === 0xf4 && b1 >= 0x90) throw invalid(c, i, "code point above U+10FFFF")
      if (b === 0xf0 && b1 < 0x90) lossless = false
      i += 4
      u += 2
    } else {
      throw invalid(c, i, "invalid lead byte")
    }
  }
  c.pos = i
  if (lossless && i - start >= TEXT_DECODER_MIN) return textDecoder.decode(buf.subarray(start, i))
  return decodeChecked(buf, start, i, u)
}

/** Second pass over bytes already validated by readSlow. */
const decodeChecked = (buf: Uint8Array, from: number, to: number, units: number): string => {
  const small = units <= SCRATCH_MAX
  if (!small && scratch.length < units) scratch = new Uint16Array(Math.max(units, scratch.length * 2))
  const out: { [i: number]: number } = small ? argArrays[units] : scratch
  let n = 0
  let i = from
  while (i < to) {
    const b = buf[i]
    if (b < 0x80) {
      out[n++] = b
      i++
    } else if (b < 0xe0) {
      out[n++] = ((b & 0x1f) << 6) | (buf[i + 1] & 0x3f)
      i += 2
    } else if (b < 0xf0) {
      out[n++] = ((b & 0x0f) << 12) | ((buf[i + 1] & 0x3f) << 6) | (buf[i + 2] & 0x3f)
      i += 3
    } else {
      const cp = (((b & 0x07) << 18) | ((buf[i + 1] & 0x3f) << 12) | ((buf[i + 2] & 0x3f) << 6) | (buf[i + 3] & 0x3f)) - 0x10000
      out[n++] = 0xd800 + (cp >> 10)
      out[n++] = 0xdc00 + (cp & 0x3ff)
      i += 4
    }
  }
  if (small) return String.fromCharCode.apply(null, argArrays[units])
  let s = ""
  for (let k = 0; k < n; k += 4096) {
    s += String.fromCharCode.apply(null, scratch.subarray(k, Math.min(n, k + 4096)) as unknown as Array<number>)
  }
  return s
}
