// Thrift message heads inside a payload: binary strict (0x8001), compact (0x82), Kitex protobuf (0x9001); Kitex's payload classes.
import { i32, u16 } from "./layout.ts"
import { decodeUtf8 } from "./utf8.ts"

/** Thrift TMessageType. */
export const ThriftMessageType = { Call: 1, Reply: 2, Exception: 3, Oneway: 4 } as const

export type ThriftEncoding = "binary" | "compact" | "kitex-protobuf"

/** The head of one message: enough to route it and to rewrite its seqid in place. */
export interface ThriftMessageHead {
  readonly encoding: ThriftEncoding
  readonly name: string
  readonly type: number
  readonly seqId: number
  /** Offset (in the bytes given) of the seqid: an i32 for binary / Kitex protobuf, a varint for compact. */
  readonly seqIdOffset: number
  /** Offset where the argument/result struct starts. */
  readonly bodyOffset: number
}

/**
 * Reads a Thrift binary strict message head (`80 01 00 TT | i32 name length | name | i32 seqid`) at `offset`.
 * Kitex protobuf uses the same shape with `90 01` (layout from Kitex's protobuf codec, not in protocols.md).
 * Undefined when the bytes are not such a head or are cut short.
 */
export const peekBinaryMessage = (b: Uint8Array, offset = 0): ThriftMessageHead | undefined => {
  if (b.length - offset < 12) return undefined
  const magic = u16(b, offset)
  if (magic !== 0x8001 && magic !== 0x9001) return undefined
  const type = b[offset + 3]!
  const len = i32(b, offset + 4)
  const nameAt = offset + 8
  if (len < 0 || nameAt + len + 4 > b.length) return undefined
  return {
    encoding: magic === 0x8001 ? "binary" : "kitex-protobuf",
    name: decodeUtf8(b, nameAt, nameAt + len),
    type,
    seqId: i32(b, nameAt + len),
    seqIdOffset: nameAt + len,
    bodyOffset: nameAt + len + 4
  }
}

/** Reads a Thrift compact message head (`82 | type<<5 | 1 | varint seqid | varint name length | name`). */
export const peekCompactMessage = (b: Uint8Array, offset = 0): ThriftMessageHead | undefined => {
  if (b.length - offset < 4 || b[offset] !== 0x82 || (b[offset + 1]! & 0x1f) !== 1) return undefined
  const type = b[offset + 1]! >>> 5
  let p = offset + 2
  const varint = (): number | undefined => {
    let v = 0
    for (let shift = 0; shift < 35; shift += 7) {
      if (p >= b.length) return undefined
      const c = b[p++]!
      v += (c & 0x7f) * 2 ** shift
      if (c < 0x80) return v
    }
    return undefined
  }
  const seqIdOffset = p
  const zz = varint()
  const len = varint()
  if (zz === undefined || len === undefined || p + len > b.length) return undefined
  // The compact seqid is a plain varint of the (unsigned) i32.
  return { encoding: "compact", name: decodeUtf8(b, p, p + len), type, seqId: zz | 0, seqIdOffset, bodyOffset: p + len }
}

/** Kitex's classes of payload (`checkPayload`, peeking 8 bytes). */
export type PayloadKind = "ThriftBinary" | "ThriftFramed" | "KitexProtobuf"

/**
 * Classifies a TTHeader payload (or a raw connection's first bytes) as Kitex does: binary strict at 0
 * (unframed), binary strict at 4 (framed: the first 4 bytes are the length), Kitex protobuf magic at 4.
 * Undefined for anything else (Kitex: "invalid payload").
 */
export const classifyPayload = (b: Uint8Array): PayloadKind | undefined => {
  if (b.length >= 4 && u16(b, 0) === 0x8001) return "ThriftBinary"
  if (b.length >= 8) {
    const m = u16(b, 4)
    if (m === 0x8001) return "ThriftFramed"
    if (m === 0x9001) return "KitexProtobuf"
  }
  return undefined
}

/** The message head of a payload of any Kitex class (and compact, framed or not); undefined if unreadable. */
export const payloadMessage = (payload: Uint8Array): ThriftMessageHead | undefined => {
  switch (classifyPayload(payload)) {
    case "ThriftBinary":
      return peekBinaryMessage(payload, 0)
    case "ThriftFramed":
    case "KitexProtobuf":
      return peekBinaryMessage(payload, 4)
    default:
      // An unframed Kitex protobuf message (0x9001 at 0), then compact, unframed or framed.
      return peekBinaryMessage(payload, 0) ?? peekCompactMessage(payload, 0) ?? peekCompactMessage(payload, 4)
  }
}
