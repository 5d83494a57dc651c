// The three-way HTTP/1 matcher for one-port protocol detection: a known method followed by a space.

export type MatchResult = "again" | "match" | "no-match"

/** MOSN's method list; each followed by a space. */
const METHODS = ["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "TRACE", "CONNECT", "LINK", "UNLINK"]
  .map((m) => Array.from(m + " ", (c) => c.charCodeAt(0)))

/** `match` on "<METHOD> ", `again` while the bytes are a prefix of one, `no-match` otherwise. */
export const matchHttp1 = (bytes: Uint8Array): MatchResult => {
  const n = bytes.length
  if (n === 0) return "again"
  let again = false
  for (let m = 0; m < METHODS.length; m++) {
    const word = METHODS[m]!
    const k = n < word.length ? n : word.length
    let i = 0
    while (i < k && bytes[i] === word[i]) i++
    if (i === k) {
      if (k === word.length) return "match"
      again = true
    }
  }
  return again ? "again" : "no-match"
}
