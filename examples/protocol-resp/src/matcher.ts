// The RESP matcher for Auto ports: a command array's first bytes, `*<digits>\r\n$`.
import type { MatchResult } from "@mosaic/protocol"

/** Digits of an array length we accept (1 048 576 elements has 7). */
const MAX_DIGITS = 7

/**
 * A client's first command is an array of bulk strings: `*`, 1 to 7 digits, CRLF, `$`. HTTP/1 starts with a
 * letter, Bolt with 0x01/0x02, Dubbo with 0xdabb, TTHeader and framed Thrift with a 4-byte length (a first
 * byte `*` would be a frame over 700 MB), so the first byte alone tells most of them apart.
 */
export const matchResp = (b: Uint8Array): MatchResult => {
  if (b.length === 0) return "again"
  if (b[0] !== 42) return "no-match"
  let i = 1
  for (; i < b.length && i <= MAX_DIGITS + 1; i++) {
    const c = b[i]!
    if (c >= 48 && c <= 57) continue
    if (c !== 13 || i === 1) return "no-match"
    break
  }
  if (i - 1 > MAX_DIGITS) return "no-match"
  if (i >= b.length) return "again"
  // b[i] is CR
  if (i + 1 >= b.length) return "again"
  if (b[i + 1] !== 10) return "no-match"
  if (i + 2 >= b.length) return "again"
  return b[i + 2] === 36 ? "match" : "no-match"
}
