// Three-way port-sniffing matchers for the Thrift family: TTHeader, framed/unframed Thrift, Apache THeader, Kitex protobuf.

export type MatchResult = "again" | "match" | "no-match"

/**
 * A 4-byte big-endian LENGTH followed by a 2-byte magic at bytes 4..5. A TTHeader/THeader LENGTH is at
 * most 0x3FFFFFFF; framed lengths of 1 GiB or more are not considered plausible either, so byte 0 must be
 * at most 0x3f, and ASCII text (HTTP/1, the HTTP/2 preface) is rejected on its first byte.
 */
const magicAt4 = (b: Uint8Array, m0: number, m1: number): MatchResult => {
  const n = b.length
  if (n === 0) return "again"
  if (b[0]! > 0x3f) return "no-match"
  if (n < 5) return "again"
  if (b[4] !== m0) return "no-match"
  if (n < 6) return "again"
  return b[5] === m1 ? "match" : "no-match"
}

/** Kitex TTHeader: `10 00` at bytes 4..5 (`IsTTHeader`). Decides by byte 6 at the latest. */
export const matchTTHeader = (b: Uint8Array): MatchResult => magicAt4(b, 0x10, 0x00)

/** TTHeader streaming (Kitex ttstream): TTHeader with FLAGS bit 0x0002; needs 8 bytes. */
export const matchTTHeaderStreaming = (b: Uint8Array): MatchResult => {
  const r = matchTTHeader(b)
  if (r !== "match") return r
  if (b.length < 8) return "again"
  return (b[7]! & 0x02) !== 0 ? "match" : "no-match"
}

/** Framed Thrift binary: `80 01` at bytes 4..5 (`isThriftFramedBinary`). */
export const matchFramedThrift = (b: Uint8Array): MatchResult => magicAt4(b, 0x80, 0x01)

/** Kitex protobuf (always framed): `90 01` at bytes 4..5 (`isProtobufKitex`). */
export const matchKitexProtobuf = (b: Uint8Array): MatchResult => magicAt4(b, 0x90, 0x01)

/** Apache THeader: `0f ff` at bytes 4..5. */
export const matchTHeader = (b: Uint8Array): MatchResult => magicAt4(b, 0x0f, 0xff)

/** Framed Thrift compact: `82` then version 1 in the low 5 bits of byte 5 (Kitex does not serve compact). */
export const matchFramedCompact = (b: Uint8Array): MatchResult => {
  const r = magicAt4(b, 0x82, b.length > 5 ? b[5]! : 0)
  return r === "match" && (b[5]! & 0x1f) !== 1 ? "no-match" : r
}

/** Unframed (buffered) Thrift binary strict: `80 01` at bytes 0..1, then `00` and a message type 1..4. */
export const matchBufferedThrift = (b: Uint8Array): MatchResult => {
  const n = b.length
  if (n === 0) return "again"
  if (b[0] !== 0x80) return "no-match"
  if (n < 2) return "again"
  if (b[1] !== 0x01) return "no-match"
  if (n < 4) return "again"
  return b[2] === 0 && b[3]! >= 1 && b[3]! <= 4 ? "match" : "no-match"
}

/**
 * Anything createKitexDecoder accepts: what Kitex's default codec serves (TTHeader, framed, unframed, Kitex
 * protobuf) plus Apache THeader and framed compact, which a proxy can still forward raw.
 */
export const matchKitex = (b: Uint8Array): MatchResult => {
  const rs = [matchTTHeader(b), matchTHeader(b), matchFramedThrift(b), matchKitexProtobuf(b), matchBufferedThrift(b), matchFramedCompact(b)]
  if (rs.includes("match")) return "match"
  return rs.includes("again") ? "again" : "no-match"
}
