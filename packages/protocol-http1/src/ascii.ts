// Byte classes (token, field value, target) and a fast latin1 bytes -> string decoder.

/** 1 for RFC 9110 tchar bytes (method and header-name characters). */
export const TCHAR = new Uint8Array(256)
/** 1 for bytes allowed in a field value or reason phrase: HTAB, SP, VCHAR, obs-text. */
export const VCHAR_OR_WS = new Uint8Array(256)
/** 1 for bytes allowed in a request-target: visible ASCII. */
export const TARGET = new Uint8Array(256)

for (let c = 0; c < 256; c++) {
  const alnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
  if (alnum || "!#$%&'*+-.^_`|~".includes(String.fromCharCode(c))) TCHAR[c] = 1
  if (c === 9 || (c >= 0x20 && c !== 0x7f)) VCHAR_OR_WS[c] = 1
  if (c > 0x20 && c < 0x7f) TARGET[c] = 1
}

/** Up to 8 bytes from `i` as a string, one call. */
const small = (b: Uint8Array, i: number, n: number): string => {
  switch (n) {
    case 0: return ""
    case 1: return String.fromCharCode(b[i]!)
    case 2: return String.fromCharCode(b[i]!, b[i + 1]!)
    case 3: return String.fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!)
    case 4: return String.fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!)
    case 5: return String.fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!)
    case 6: return String.fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!)
    case 7: return String.fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!)
    default: return String.fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!)
  }
}

/** Decode bytes [start, end) as latin1: 8 bytes per call, no per-byte string concatenation. */
export const latin1 = (b: Uint8Array, start: number, end: number): string => {
  const n = end - start
  if (n <= 8) return small(b, start, n)
  if (n > 512) return String.fromCharCode.apply(null, b.subarray(start, end) as unknown as Array<number>)
  let s = ""
  let i = start
  for (; end - i >= 8; i += 8) {
    s += String.fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!)
  }
  return i < end ? s + small(b, i, end - i) : s
}

/** Case-insensitive compare of bytes [start, end) with a lower-case ASCII word. */
export const bytesEqualLower = (b: Uint8Array, start: number, end: number, lower: string): boolean => {
  if (end - start !== lower.length) return false
  for (let i = 0; i < lower.length; i++) {
    let c = b[start + i]!
    if (c >= 0x41 && c <= 0x5a) c |= 0x20
    if (c !== lower.charCodeAt(i)) return false
  }
  return true
}

/**
 * Bytes [start, end) spell `lower` (a lower-case name with `-`) only once `_` is read as `-`, e.g.
 * `Content_Length`: a name some servers fold into a framing header, so a proxy must refuse it.
 */
export const bytesFoldToLower = (b: Uint8Array, start: number, end: number, lower: string): boolean => {
  if (end - start !== lower.length) return false
  let folded = false
  for (let i = 0; i < lower.length; i++) {
    let c = b[start + i]!
    if (c === 0x5f) {
      c = 0x2d
      folded = true
    } else if (c >= 0x41 && c <= 0x5a) c |= 0x20
    if (c !== lower.charCodeAt(i)) return false
  }
  return folded
}

/** Case-insensitive compare of a string with a lower-case ASCII word. */
export const stringEqualLower = (s: string, lower: string): boolean => {
  if (s.length !== lower.length) return false
  for (let i = 0; i < lower.length; i++) {
    let c = s.charCodeAt(i)
    if (c >= 0x41 && c <= 0x5a) c |= 0x20
    if (c !== lower.charCodeAt(i)) return false
  }
  return true
}

/** Hex digit values; 255 for non-hex bytes. */
export const HEX = new Uint8Array(256).fill(255)
for (let c = 0; c < 10; c++) HEX[0x30 + c] = c
for (let c = 0; c < 6; c++) {
  HEX[0x41 + c] = 10 + c
  HEX[0x61 + c] = 10 + c
}

const INTERN_SIZE = 2048
const internTable: Array<string> = new Array<string>(INTERN_SIZE).fill("")

/**
 * Decode [start, end) through a small direct-mapped cache of recent strings (header names, short
 * values): repeated names and values cost a compare instead of an allocation. `hash` is any hash of
 * the bytes computed by the caller's validation loop.
 */
export const internLatin1 = (b: Uint8Array, start: number, end: number, hash: number): string => {
  const idx = (hash ^ (hash >>> 11)) & (INTERN_SIZE - 1)
  const hit = internTable[idx]!
  const n = end - start
  if (hit.length === n) {
    let j = 0
    while (j < n && hit.charCodeAt(j) === b[start + j]) j++
    if (j === n) return hit
  }
  const s = latin1(b, start, end)
  internTable[idx] = s
  return s
}
