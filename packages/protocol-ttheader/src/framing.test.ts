// Tests: framed and unframed Thrift decoders, Apache THeader, and the per-message Kitex decoder, against captured vectors.
import assert from "node:assert/strict"
import { test } from "node:test"
import { createBufferedThriftDecoder } from "./buffered-thrift.ts"
import { TTHeaderError } from "./errors.ts"
import { createFramedThriftDecoder, decodeFramedThrift } from "./framed-thrift.ts"
import {
  BUFFERED_ECHO_REQ, FRAMED_COMPACT_REQ, FRAMED_COMPACT_RES, FRAMED_ECHO_EXC, FRAMED_ECHO_REQ, FRAMED_ECHO_RES, hex, THEADER,
  toHex, TT_INFOS, TT_KITEX_PB
} from "./golden.fixture.ts"
import { createKitexDecoder, type KitexDecoded } from "./kitex-decoder.ts"
import type { StreamDecoder } from "./stream.ts"
import { createTHeaderDecoder, decodeTHeader } from "./theader.ts"

const concat = (...bs: ReadonlyArray<Uint8Array>) => Uint8Array.from(bs.flatMap((b) => [...b]))
const everySplit = <T extends { raw: Uint8Array }>(make: () => StreamDecoder<T>, b: Uint8Array, count: number) => {
  for (let cut = 0; cut <= b.length; cut++) {
    const dec = make()
    const got = [...dec.push(b.subarray(0, cut)), ...dec.push(b.subarray(cut))]
    assert.equal(got.length, count, `cut ${cut}`)
    assert.equal(toHex(concat(...got.map((d) => d.raw))), toHex(b))
  }
}
const reason = (r: string) => (e: unknown) => e instanceof TTHeaderError && e.reason === r

test("framed Thrift: vectors, message heads, every split", () => {
  const d = decodeFramedThrift(hex(FRAMED_ECHO_EXC))
  assert.equal(d.message?.name, "echo")
  assert.equal(d.message?.type, 2) // a declared exception travels in a Reply
  assert.equal(d.payload.length, 40)
  assert.equal(decodeFramedThrift(hex(FRAMED_COMPACT_RES)).message?.type, 2)
  const all = concat(...[FRAMED_ECHO_REQ, FRAMED_ECHO_RES, FRAMED_ECHO_EXC, FRAMED_COMPACT_REQ].map(hex))
  everySplit(createFramedThriftDecoder, all, 4)
  assert.throws(() => decodeFramedThrift(hex("00000004 0fff 0000")), reason("BadMagic"))
  assert.throws(() => decodeFramedThrift(hex("80000004 8001 0001")), reason("BadLength"))
  assert.throws(() => [...createFramedThriftDecoder({ maxFrameSize: 20 }).push(hex(FRAMED_ECHO_REQ))], reason("FrameTooLarge"))
  assert.throws(() => decodeFramedThrift(hex(THEADER.doubleLength)), reason("BadMagic"))
})

test("unframed Thrift: message boundaries found by skipping the struct", () => {
  const req = hex(BUFFERED_ECHO_REQ)
  const exc = hex(FRAMED_ECHO_EXC).subarray(4)
  // A message with every container and scalar type: list<i32>, map<string,list<byte>>, set<struct{bool,double,i64,i16,uuid}>.
  const rich = hex("80010001 00000001 6d 0000002a" +
    "0f0001 08 00000002 00000001 00000002" +
    "0d0002 0b 0f 00000001 00000001 61 03 00000002 0102" +
    "0e0003 0c 00000001 020001 01 040002 3ff0000000000000 0a0003 0000000000000001 060004 0005 100005 " + "00".repeat(16) + " 00" +
    "00")
  const all = concat(req, exc, rich, req)
  everySplit(createBufferedThriftDecoder, all, 4)
  const got = [...createBufferedThriftDecoder().push(all)]
  assert.deepEqual(got.map((d) => [d.message.name, d.message.seqId]), [["echo", 1], ["echo", 3], ["m", 42], ["echo", 1]])
  assert.throws(() => [...createBufferedThriftDecoder().push(hex("80010001 00000001 6d 00000001 0b0001 ffffffff"))], reason("BadPayload"))
  assert.throws(() => [...createBufferedThriftDecoder().push(hex("80010001 00000001 6d 00000001 130001"))], reason("BadPayload"))
  assert.throws(() => [...createBufferedThriftDecoder({ maxFrameSize: 64 }).push(hex("80010001 00000001 6d 00000001 0b0001 00001000"))],
    reason("FrameTooLarge"))
  const deep = hex("80010001 00000001 6d 00000001" + "0c0001".repeat(70))
  assert.throws(() => [...createBufferedThriftDecoder().push(deep)], reason("TooDeep"))
})

test("a long string arriving in small chunks is not rescanned per chunk", () => {
  const body = new Uint8Array(100_000).fill(0x61)
  const msg = concat(hex("80010001 00000001 6d 00000001 0b0001"), hex("000186a0"), body, hex("00"))
  const dec = createBufferedThriftDecoder({ maxFrameSize: 200_000 })
  let frames = 0
  const t0 = performance.now()
  for (let o = 0; o < msg.length; o += 100) frames += [...dec.push(msg.subarray(o, o + 100))].length
  assert.equal(frames, 1)
  assert.ok(performance.now() - t0 < 2000)
})

test("Apache THeader vectors: header strings, seqid 0, subprotocol ids, every split", () => {
  const py = decodeTHeader(hex(THEADER.pyReq))
  assert.equal(py.seqId, 0)
  assert.equal(py.protocolId, 0)
  assert.deepEqual([...py.headers], [["x-trace", "py"]])
  assert.equal(py.payload.length, 29)
  assert.equal(decodeTHeader(hex(THEADER.nodeRes)).headers.size, 0)
  assert.deepEqual([...decodeTHeader(hex(THEADER.nodeResPong)).headers], [["srv", "pong"]])
  const compact = decodeTHeader(hex(THEADER.compactReq))
  assert.equal(compact.protocolId, 2)
  assert.equal(compact.payload[0], 0x82)
  const all = concat(...[THEADER.pyReq, THEADER.nodeRes, THEADER.nodeReq, THEADER.nodeResPong, THEADER.compactReq].map(hex))
  everySplit(createTHeaderDecoder, all, 5)
  assert.throws(() => decodeTHeader(hex(TT_INFOS)), reason("BadMagic"))
  assert.throws(() => decodeTHeader(hex("0000000e 0fff 0000 00000000 0001 ff ff ff ff")), reason("Truncated"))
})

test("Kitex decoder: one connection mixing TTHeader, THeader, framed, unframed and Kitex protobuf", () => {
  const parts = [TT_INFOS, THEADER.nodeReq, FRAMED_ECHO_REQ, BUFFERED_ECHO_REQ, TT_KITEX_PB, FRAMED_COMPACT_REQ].map(hex)
  const all = concat(...parts)
  everySplit(createKitexDecoder, all, parts.length)
  const got: Array<KitexDecoded> = [...createKitexDecoder().push(all)]
  assert.deepEqual(got.map((d) => d.kind), ["ttheader", "theader", "framed", "buffered", "ttheader", "framed"])
  const names = got.map((d) => (d.kind === "framed" || d.kind === "buffered" ? d.message?.name : d.kind === "theader" ? d.frame.headers.get("x-trace") : d.frame.token))
  assert.deepEqual(names, ["t", "abc", "echo", "echo", undefined, "echo"])
  assert.throws(() => [...createKitexDecoder().push(new TextEncoder().encode("GET / HTTP/1.1\r\n"))], reason("BadPayload"))
  assert.throws(() => [...createKitexDecoder().push(hex(THEADER.doubleLength))], reason("BadPayload"))
})
