// Tests: TTHeaderProtocol over each framing (Kitex TTHeader, Apache THeader, framed, buffered Thrift), frames built by hand from the wire layouts.
import { test } from "node:test"
import assert from "node:assert/strict"
import { TTHeaderProtocol } from "./ttheader.ts"

type View = Parameters<TTHeaderProtocol["captureId"]>[0]
type Framing = "ttheader" | "theader" | "framed" | "buffered"

const proto = new TTHeaderProtocol()
const enc = new TextEncoder()
const dec = new TextDecoder()
const hex = (s: string) => Uint8Array.from(s.replace(/\s+/g, "").match(/../g)!, (h) => parseInt(h, 16))
const u16 = (n: number) => [(n >>> 8) & 255, n & 255]
const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]
const rdU16 = (b: Uint8Array, p: number) => (b[p]! << 8) | b[p + 1]!
const rdI32 = (b: Uint8Array, p: number) => (b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!
const withU32Length = (bytes: ReadonlyArray<number>) => [...u32(bytes.length), ...bytes]
const pad4 = (bytes: Array<number>) => [...bytes, ...new Array((4 - (bytes.length % 4)) % 4).fill(0)]
const varint = (n: number): Array<number> => (n < 0x80 ? [n] : [(n & 0x7f) | 0x80, ...varint(n >>> 7)])

/** Thrift binary strict message: `80 01 00 type | i32 name length | name | i32 seqid | struct` (here: one string field 1, then STOP). */
const message = (type: number, name: string, seqId: number, arg = "hi"): Array<number> => [
  0x80, 0x01, 0x00, type, ...withU32Length([...enc.encode(name)]), ...u32(seqId),
  11, ...u16(1), ...withU32Length([...enc.encode(arg)]), 0
]

/**
 * Kitex TTHeader (protocols.md 3.1): LENGTH u32 | 0x1000 | FLAGS u16 | SEQ i32 | HEADER SIZE u16 (words) |
 * protocol id u8 | 0 transforms | KEYVALUE 0x01 (u16 count, u16-length strings) | INTKEYVALUE 0x10 (u16 count,
 * u16 key, u16-length value) | zero padding to 4 | payload.
 */
const ttheader = (seq: number, payload: ReadonlyArray<number>, info: { int?: Array<[number, string]>; str?: Array<[string, string]> } = {}) => {
  const s16 = (v: string) => [...u16(enc.encode(v).length), ...enc.encode(v)]
  const header = [0x00, 0x00]
  if (info.str !== undefined) header.push(0x01, ...u16(info.str.length), ...info.str.flatMap(([k, v]) => [...s16(k), ...s16(v)]))
  if (info.int !== undefined) header.push(0x10, ...u16(info.int.length), ...info.int.flatMap(([k, v]) => [...u16(k), ...s16(v)]))
  const padded = pad4(header)
  const rest = [0x10, 0x00, 0x00, 0x00, ...u32(seq), ...u16(padded.length / 4), ...padded, ...payload]
  return Uint8Array.from(withU32Length(rest))
}

/** Apache THeader (protocols.md 3.6): same outer frame with 0x0FFF; varint protocol id, transforms, KEY_VALUE (1) with varint-length strings. */
const theader = (seq: number, payload: ReadonlyArray<number>, headers: Array<[string, string]> = []) => {
  const vstr = (v: string) => [...varint(enc.encode(v).length), ...enc.encode(v)]
  const header = [0x00, 0x00]
  if (headers.length > 0) header.push(0x01, ...varint(headers.length), ...headers.flatMap(([k, v]) => [...vstr(k), ...vstr(v)]))
  const padded = pad4(header)
  return Uint8Array.from(withU32Length([0x0f, 0xff, 0x00, 0x00, ...u32(seq), ...u16(padded.length / 4), ...padded, ...payload]))
}

/** A call `name(arg)` with message seqid `seqId` (header seqid `headerSeq`) in each framing. */
const callIn = (framing: Framing, seqId: number, opts: { headerSeq?: number; type?: number; name?: string } = {}): Uint8Array => {
  const m = message(opts.type ?? 1, opts.name ?? "echo", seqId)
  const headerSeq = opts.headerSeq ?? seqId
  switch (framing) {
    case "ttheader": return ttheader(headerSeq, m, { int: [[6, "Echo"], [9, "echo"]] })
    case "theader": return theader(headerSeq, m, [["x-trace", "t1"]])
    case "framed": return Uint8Array.from(withU32Length(m))
    case "buffered": return Uint8Array.from(m)
  }
}

const decodeOne = (bytes: Uint8Array) => {
  const d = proto.createDecoder()
  d.push(bytes)
  const r = d.read()!
  assert.ok(r !== undefined && d.read() === undefined, "exactly one whole frame")
  return r
}

const viewOf = (bytes: Uint8Array): View => {
  const r = decodeOne(bytes)
  const view: View = { frame: r.frame, idHi: 0, idLo: 0, routeCache: undefined }
  proto.captureId(view, r.raw)
  return view
}

/** The Thrift message inside a raw frame of `framing`, plus the header seqid and the TTHeader int infos when there is a header. */
const unwrap = (framing: Framing, raw: Uint8Array, framedPayload = false) => {
  if (framing === "buffered") return { msg: raw, headerSeq: undefined, intInfo: undefined }
  assert.equal(rdI32(raw, 0), raw.length - 4, "LENGTH = bytes after it")
  if (framing === "framed") return { msg: raw.subarray(4), headerSeq: undefined, intInfo: undefined }
  assert.equal(rdU16(raw, 4), framing === "ttheader" ? 0x1000 : 0x0fff)
  const headerEnd = 14 + rdU16(raw, 12) * 4
  const intInfo = new Map<number, string>()
  // protocol id 0 (Thrift binary), 0 transforms: u8 each in TTHeader, varints (the same bytes here) in THeader
  assert.deepEqual([...raw.subarray(14, 16)], [0, 0])
  for (let p = 16; framing === "ttheader" && p < headerEnd;) {
    const id = raw[p++]!
    if (id === 0x00) continue // padding
    assert.equal(id, 0x10, "only INTKEYVALUE in a proxy reply")
    for (let i = 0, count = rdU16(raw, (p += 2) - 2); i < count; i++) {
      const len = rdU16(raw, p + 2)
      intInfo.set(rdU16(raw, p), dec.decode(raw.subarray(p + 4, p + 4 + len)))
      p += 4 + len
    }
  }
  let msg = raw.subarray(headerEnd)
  if (framedPayload) {
    assert.equal(rdI32(msg, 0), msg.length - 4)
    msg = msg.subarray(4)
  }
  return { msg, headerSeq: rdI32(raw, 8), intInfo }
}

/** A TApplicationException message (binary strict, type EXCEPTION 3): `{ name, seqId, message (field 1), type (field 2) }`. */
const readException = (m: Uint8Array) => {
  assert.equal(rdI32(m, 0), (0x80010000 | 3) | 0)
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
    } else assert.fail(`unexpected field type ${ft}`)
  }
  assert.equal(p, m.length, "nothing after the struct")
  return { name, seqId, text, type }
}

const FRAMINGS: ReadonlyArray<Framing> = ["ttheader", "theader", "framed", "buffered"]

test("kind: CALL is a request, ONEWAY oneway, REPLY and EXCEPTION responses, in every framing", () => {
  for (const framing of FRAMINGS) {
    const kinds = [1, 4, 2, 3].map((type) => proto.kind(decodeOne(callIn(framing, 5, { type })).frame))
    assert.deepEqual(kinds, ["request", "oneway", "response", "response"], framing)
  }
})

test("kind/requestId: a TTHeader or THeader payload whose message head cannot be read is a call with the header's seqid", () => {
  const structOnly = [0x0c, 0x00, 0x01, 0x00, 0x00] // no message head (a ThriftStruct-like payload)
  for (const raw of [ttheader(77, structOnly), theader(77, structOnly)]) {
    const f = decodeOne(raw).frame
    assert.equal(proto.kind(f), "request")
    assert.equal(proto.requestId(f), 77)
  }
})

test("requestId is the Thrift message seqid; captureId keeps it (idLo) and the header seqid (idHi; no header: the same)", () => {
  for (const framing of FRAMINGS) {
    const view = viewOf(callIn(framing, 41, { headerSeq: 9 }))
    assert.equal(proto.requestId(view.frame), 41, framing)
    const hasHeader = framing === "ttheader" || framing === "theader"
    assert.deepEqual([view.idLo, view.idHi], [41, hasHeader ? 9 : 41], framing)
  }
})

test("writeRequestId rewrites the header seqid and the message seqid in place, nothing else; restoreId puts the caller's back", () => {
  for (const framing of FRAMINGS) {
    const original = callIn(framing, 41, { headerSeq: 9 })
    const view = viewOf(original)
    const raw = original.slice()
    proto.writeRequestId(raw, 0x7fffffff)
    const rewritten = decodeOne(raw)
    assert.equal(proto.requestId(rewritten.frame), 0x7fffffff, framing)
    const { msg, headerSeq } = unwrap(framing, raw)
    if (framing === "ttheader" || framing === "theader") assert.equal(headerSeq, 0x7fffffff, framing)
    const seqAt = msg.byteOffset - raw.byteOffset + 8 + 4 // after version and "echo"'s length + name
    const diff = [...raw].flatMap((b, i) => (b === original[i] ? [] : [i]))
    const hasHeader = framing === "ttheader" || framing === "theader"
    assert.ok(diff.every((i) => (hasHeader && i >= 8 && i < 12) || (i >= seqAt && i < seqAt + 4)), `${framing}: only seqid bytes changed (${diff})`)
    assert.ok(diff.some((i) => i >= seqAt), `${framing}: the message seqid changed`)
    // an upstream reply carrying the proxy's id gets the caller's ids back
    const reply = callIn(framing, 0x7fffffff, { headerSeq: 0x7fffffff, type: 2 })
    proto.restoreId(reply, view)
    assert.deepEqual([...reply], [...callIn(framing, 41, { headerSeq: 9, type: 2 })], framing)
  }
})

test("Apache THeader golden frames (python3-thrift and thrift npm): kind, ids, headers, id rewrite", () => {
  // Python THeader client, header x-trace=py, binary payload, header seqid 0 and message seqid 0 (peers.md 3)
  const py = hex("000000370fff00000000000000040000010107782d7472616365027079008001 0001000000046563686f000000000b00010000000568656c6c6f00")
  // thrift npm (patched client) x-trace=abc: header seqid 0, message seqid 1
  const node = hex("000000370fff00000000000000040000010107782d7472616365036162638001 0001000000046563686f000000010b00010000000568656c6c6f00")
  // a thrift npm server's reply without headers: header size 1 word, message seqid 0
  const reply = hex("0000002b0fff00000000000000010000000080010002000000046563686f0000 00000b00000000000568656c6c6f00")
  const p = viewOf(py)
  assert.deepEqual([proto.kind(p.frame), p.idLo, p.idHi, proto.header(p, "x-trace"), proto.header(p, "method"), proto.header(p, "protocol")], ["request", 0, 0, "py", "echo", "theader"])
  const n = viewOf(node)
  assert.deepEqual([proto.kind(n.frame), n.idLo, n.idHi, proto.header(n, "x-trace")], ["request", 1, 0, "abc"])
  const r = decodeOne(reply)
  assert.deepEqual([proto.kind(r.frame), proto.requestId(r.frame)], ["response", 0])
  const raw = node.slice()
  proto.writeRequestId(raw, 1234)
  assert.deepEqual([rdI32(raw, 8), rdI32(raw, 14 + 16 + 8 + 4)], [1234, 1234])
})

test("framed and buffered golden frames (thrift npm echo(\"hello\"), seqid 1)", () => {
  const framed = viewOf(hex("0000001d80010001000000046563686f000000010b00010000000568656c6c6f00"))
  assert.deepEqual([proto.kind(framed.frame), framed.idLo, framed.idHi, proto.header(framed, "method"), proto.header(framed, "protocol")], ["request", 1, 1, "echo", "framed"])
  const buffered = viewOf(hex("80010001000000046563686f000000010b00010000000568656c6c6f00"))
  assert.deepEqual([proto.kind(buffered.frame), buffered.idLo, proto.header(buffered, "method"), proto.header(buffered, "protocol")], ["request", 1, "echo", "buffered"])
  assert.equal(proto.header(buffered, "service"), undefined)
})

test("hijack: a TApplicationException (type 1 for NoRoute, 6 otherwise) in the request's own framing, with the caller's ids", () => {
  for (const framing of FRAMINGS) {
    const view = viewOf(callIn(framing, 41, { headerSeq: 9 }))
    for (const [code, type] of [["NoRoute", 1], ["Overflow", 6], ["Timeout", 6], ["NoHealthyHost", 6]] as const) {
      const raw = proto.hijack(view, code, "no route for echo")
      const { msg, headerSeq, intInfo } = unwrap(framing, raw)
      assert.deepEqual(readException(msg), { name: "echo", seqId: 41, text: `mosaic proxy: no route for echo (${code})`, type }, `${framing} ${code}`)
      if (framing === "ttheader" || framing === "theader") assert.equal(headerSeq, 9)
      if (framing === "ttheader") assert.equal(intInfo!.get(22), "3", "MsgType = Exception")
      // and the proxy's own decoder reads it back as a response to the same request
      const back = decodeOne(raw)
      assert.deepEqual([proto.kind(back.frame), proto.requestId(back.frame)], ["response", 41])
    }
  }
})

test("hijack of a TTHeader request with a framed payload (Kitex TTHeaderFramed): the reply payload is framed too", () => {
  const view = viewOf(ttheader(3, withU32Length(message(1, "echo", 3)), { int: [[6, "Echo"]] }))
  const { msg, headerSeq } = unwrap("ttheader", proto.hijack(view, "NoRoute", "x"), true)
  assert.equal(headerSeq, 3)
  assert.deepEqual(readException(msg), { name: "echo", seqId: 3, text: "mosaic proxy: x (NoRoute)", type: 1 })
})

test("directResponse: 404 answers as NoRoute (type 1), other statuses as type 6", () => {
  const view = viewOf(callIn("framed", 8))
  const typeOf = (status: number) => readException(unwrap("framed", proto.directResponse(view, status, "x")).msg).type
  assert.deepEqual([typeOf(404), typeOf(503)], [1, 6])
})

test("header(): service from ToService (int 6) else `isn`, method from ToMethod (int 9) else the Thrift name, protocol, string infos", () => {
  const both = viewOf(ttheader(1, message(1, "echo", 1), { int: [[6, "Echo"], [9, "Say"]], str: [["isn", "IdlName"], ["env", "prod"]] }))
  assert.deepEqual(["service", "method", "protocol", "env", "nope"].map((n) => proto.header(both, n)), ["Echo", "Say", "ttheader", "prod", undefined])
  // routing keys are cached on the view: asking again gives the same answers
  assert.equal(proto.header(both, "service"), "Echo")
  const fromStr = viewOf(ttheader(1, message(1, "echo", 1), { str: [["isn", "IdlName"]] }))
  assert.deepEqual([proto.header(fromStr, "service"), proto.header(fromStr, "method")], ["IdlName", "echo"])
  const none = viewOf(ttheader(1, message(1, "ping", 1)))
  assert.deepEqual([proto.header(none, "service"), proto.header(none, "method")], [undefined, "ping"])
  const th = viewOf(theader(0, message(1, "add", 1), [["x-route", "blue"], ["service", "S"]]))
  assert.deepEqual(["x-route", "service", "method", "protocol", "nope"].map((n) => proto.header(th, n)), ["blue", "S", "add", "theader", undefined])
  for (const framing of ["framed", "buffered"] as const) {
    const v = viewOf(callIn(framing, 2, { name: "add" }))
    assert.deepEqual(["service", "method", "protocol", "x-route"].map((n) => proto.header(v, n)), [undefined, "add", framing, undefined])
  }
})

test("a stream mixing every framing is split frame by frame, at any chunk boundary", () => {
  const frames = FRAMINGS.map((f, i) => callIn(f, 10 + i))
  const all = Uint8Array.from(frames.flatMap((f) => [...f]))
  for (let cut = 0; cut <= all.length; cut++) {
    const d = proto.createDecoder()
    const ids: Array<number> = []
    for (const part of [all.subarray(0, cut), all.subarray(cut)]) {
      d.push(part)
      for (let r = d.read(); r !== undefined; r = d.read()) ids.push(proto.requestId(r.frame))
    }
    assert.deepEqual(ids, [10, 11, 12, 13], `cut at ${cut}`)
  }
})

test("maxId keeps upstream seqids positive i32; Thrift has no heartbeat", () => {
  assert.equal(proto.maxId, 0x7fffffff)
  assert.equal(proto.heartbeat(), undefined)
})
