// Test support for the TTHeaderProtocol tests: frames of every framing built by hand from the wire layouts (protocols.md section 3), readers for replies.
import { TTHeaderProtocol } from "./ttheader-protocol.ts"

/** Structure checks of the frames under test (the package is runtime-free, so no node:assert): a failure throws. */
const check = (ok: boolean, what: string): void => {
  if (!ok) throw new Error(`ttheader fixture: ${what}`)
}
const same = (actual: unknown, expected: unknown, what = "value"): void => check(actual === expected, `${what}: got ${String(actual)}, expected ${String(expected)}`)

export type View = Parameters<TTHeaderProtocol["captureId"]>[0]
export type Framing = "ttheader" | "theader" | "framed" | "buffered"

export const proto = new TTHeaderProtocol()
export const enc = new TextEncoder()
export const dec = new TextDecoder()
export const hex = (s: string) => Uint8Array.from(s.replace(/\s+/g, "").match(/../g)!, (h) => parseInt(h, 16))
export const u16 = (n: number) => [(n >>> 8) & 255, n & 255]
export const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]
export const rdU16 = (b: Uint8Array, p: number) => (b[p]! << 8) | b[p + 1]!
export const rdI32 = (b: Uint8Array, p: number) => (b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!
export const withU32Length = (bytes: ReadonlyArray<number>) => [...u32(bytes.length), ...bytes]
export const pad4 = (bytes: Array<number>) => [...bytes, ...new Array((4 - (bytes.length % 4)) % 4).fill(0)]
export const varint = (n: number): Array<number> => (n < 0x80 ? [n] : [(n & 0x7f) | 0x80, ...varint(n >>> 7)])

/** Thrift binary strict message: `80 01 00 type | i32 name length | name | i32 seqid | struct` (here: one string field 1, then STOP). */
export const message = (type: number, name: string, seqId: number, arg = "hi"): Array<number> => [
  0x80, 0x01, 0x00, type, ...withU32Length([...enc.encode(name)]), ...u32(seqId),
  11, ...u16(1), ...withU32Length([...enc.encode(arg)]), 0
]

/**
 * Kitex TTHeader (protocols.md 3.1): LENGTH u32 | 0x1000 | FLAGS u16 | SEQ i32 | HEADER SIZE u16 (words) |
 * protocol id u8 | 0 transforms | KEYVALUE 0x01 (u16 count, u16-length strings) | INTKEYVALUE 0x10 (u16 count,
 * u16 key, u16-length value) | zero padding to 4 | payload.
 */
export const ttheader = (seq: number, payload: ReadonlyArray<number>, info: { int?: Array<[number, string]>; str?: Array<[string, string]> } = {}) => {
  const s16 = (v: string) => [...u16(enc.encode(v).length), ...enc.encode(v)]
  const header = [0x00, 0x00]
  if (info.str !== undefined) header.push(0x01, ...u16(info.str.length), ...info.str.flatMap(([k, v]) => [...s16(k), ...s16(v)]))
  if (info.int !== undefined) header.push(0x10, ...u16(info.int.length), ...info.int.flatMap(([k, v]) => [...u16(k), ...s16(v)]))
  const padded = pad4(header)
  const rest = [0x10, 0x00, 0x00, 0x00, ...u32(seq), ...u16(padded.length / 4), ...padded, ...payload]
  return Uint8Array.from(withU32Length(rest))
}

/** Apache THeader (protocols.md 3.6): same outer frame with 0x0FFF; varint protocol id, transforms, KEY_VALUE (1) with varint-length strings. */
export const theader = (seq: number, payload: ReadonlyArray<number>, headers: Array<[string, string]> = []) => {
  const vstr = (v: string) => [...varint(enc.encode(v).length), ...enc.encode(v)]
  const header = [0x00, 0x00]
  if (headers.length > 0) header.push(0x01, ...varint(headers.length), ...headers.flatMap(([k, v]) => [...vstr(k), ...vstr(v)]))
  const padded = pad4(header)
  return Uint8Array.from(withU32Length([0x0f, 0xff, 0x00, 0x00, ...u32(seq), ...u16(padded.length / 4), ...padded, ...payload]))
}

/** A call `name(arg)` with message seqid `seqId` (header seqid `headerSeq`) in each framing. */
export const callIn = (framing: Framing, seqId: number, opts: { headerSeq?: number; type?: number; name?: string } = {}): Uint8Array => {
  const m = message(opts.type ?? 1, opts.name ?? "echo", seqId)
  const headerSeq = opts.headerSeq ?? seqId
  switch (framing) {
    case "ttheader": return ttheader(headerSeq, m, { int: [[6, "Echo"], [9, "echo"]] })
    case "theader": return theader(headerSeq, m, [["x-trace", "t1"]])
    case "framed": return Uint8Array.from(withU32Length(m))
    case "buffered": return Uint8Array.from(m)
  }
}

export const decodeOne = (bytes: Uint8Array) => {
  const d = proto.createDecoder()
  d.push(bytes)
  const r = d.read()!
  check(r !== undefined && d.read() === undefined, "exactly one whole frame")
  return r
}

export const viewOf = (bytes: Uint8Array): View => {
  const r = decodeOne(bytes)
  const view: View = { frame: r.frame, idHi: 0, idLo: 0, routeCache: undefined }
  proto.captureId(view, r.raw)
  return view
}

/** The Thrift message inside a raw frame of `framing`, plus the header seqid and the TTHeader int infos when there is a header. */
export const unwrap = (framing: Framing, raw: Uint8Array, framedPayload = false) => {
  if (framing === "buffered") return { msg: raw, headerSeq: undefined, intInfo: undefined }
  same(rdI32(raw, 0), raw.length - 4, "LENGTH = bytes after it")
  if (framing === "framed") return { msg: raw.subarray(4), headerSeq: undefined, intInfo: undefined }
  same(rdU16(raw, 4), framing === "ttheader" ? 0x1000 : 0x0fff, "magic")
  const headerEnd = 14 + rdU16(raw, 12) * 4
  const intInfo = new Map<number, string>()
  // protocol id 0 (Thrift binary), 0 transforms: u8 each in TTHeader, varints (the same bytes here) in THeader
  same(`${raw[14]},${raw[15]}`, "0,0", "protocol id and transform count")
  for (let p = 16; framing === "ttheader" && p < headerEnd;) {
    const id = raw[p++]!
    if (id === 0x00) continue // padding
    same(id, 0x10, "only INTKEYVALUE in a proxy reply")
    for (let i = 0, count = rdU16(raw, (p += 2) - 2); i < count; i++) {
      const len = rdU16(raw, p + 2)
      intInfo.set(rdU16(raw, p), dec.decode(raw.subarray(p + 4, p + 4 + len)))
      p += 4 + len
    }
  }
  let msg = raw.subarray(headerEnd)
  if (framedPayload) {
    same(rdI32(msg, 0), msg.length - 4, "framed payload length")
    msg = msg.subarray(4)
  }
  return { msg, headerSeq: rdI32(raw, 8), intInfo }
}

/** A TApplicationException message (binary strict, type EXCEPTION 3): `{ name, seqId, message (field 1), type (field 2) }`. */
export const readException = (m: Uint8Array) => {
  same(rdI32(m, 0), (0x80010000 | 3) | 0, "binary strict version + EXCEPTION")
  const nameLength = rdI32(m, 4)
  const name = dec.decode(m.subarray(8, 8 + nameLength))
  let p = 8 + nameLength
  const seqId = rdI32(m, p)
  p += 4
  let text: string | undefined
  let type: number | undefined
  for (;;) {
    const ft = m[p++]!
    if (ft === 0) break
    const id = rdU16(m, p)
    p += 2
    if (ft === 11) {
      const n = rdI32(m, p)
      if (id === 1) text = dec.decode(m.subarray(p + 4, p + 4 + n))
      p += 4 + n
    } else if (ft === 8) {
      if (id === 2) type = rdI32(m, p)
      p += 4
    } else check(false, `unexpected field type ${ft}`)
  }
  same(p, m.length, "nothing after the struct")
  return { name, seqId, text, type }
}

export const FRAMINGS: ReadonlyArray<Framing> = ["ttheader", "theader", "framed", "buffered"]
