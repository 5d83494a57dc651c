// Encodes string bodies the way Java's Hessian does: each UTF-16 unit as 1-3 bytes (surrogates stay 3-byte halves).

/** The part of a writer the string encoder fills. */
export interface ByteSink {
  buf: Uint8Array
  pos: number
  ensure(n: number): void
}

const textEncoder = new TextEncoder()
/** From this length on, try TextEncoder.encodeInto first: exact when the string is ASCII. */
const ENCODE_INTO_MIN = 64

/** Writes units `from`..`to` of `s`. */
export const writeUtf8 = (w: ByteSink, s: string, from: number, to: number): void => {
  const n = to - from
  w.ensure(n * 3)
  const buf = w.buf
  let p = w.pos
  let i = from
  if (n >= ENCODE_INTO_MIN && from === 0 && to === s.length) {
    const res = textEncoder.encodeInto(s, buf.subarray(p))
    if (res.written === n) {
      w.pos = p + n
      return
    }
  }
  for (; i < to; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0x80) break
    buf[p++] = c
  }
  for (; i < to; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) {
      buf[p++] = c
    } else if (c < 0x800) {
      buf[p++] = 0xc0 | (c >> 6)
      buf[p++] = 0x80 | (c & 0x3f)
    } else {
      buf[p++] = 0xe0 | (c >> 12)
      buf[p++] = 0x80 | ((c >> 6) & 0x3f)
      buf[p++] = 0x80 | (c & 0x3f)
    }
  }
  w.pos = p
}
