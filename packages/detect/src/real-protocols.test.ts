// Tests: detection with the real matchers of every protocol package, each first frame split at every offset.
import assert from "node:assert/strict"
import { test } from "node:test"
import { encodeRequest as boltRequest, matchBolt } from "@mosaic/protocol-bolt"
import { encodeRequest as dubboRequest, matchDubbo } from "@mosaic/protocol-dubbo"
import { matchHttp1 } from "@mosaic/protocol-http1"
import {
  encodeFrame, IntKey, matchBufferedThrift, matchFramedThrift, matchKitexProtobuf, matchTHeader, matchTTHeader, matchTTHeaderStreaming
} from "@mosaic/protocol-ttheader"
import { createPipe } from "@mosaic/transport"
import { createDetector } from "./detector.ts"
import { matchHttp2Preface } from "./http2-preface.ts"
import { defaultOrder, orderProtocols, ProtocolName } from "./order.ts"
import { bytes, concat, flush, recorder, rejects, type Taken } from "./test-kit.fixture.ts"
import type { DetectProtocol, Matcher } from "./types.ts"

const hex = (s: string) => Uint8Array.from(s.replace(/\s/g, "").match(/../g)!, (x) => parseInt(x, 16))
const thriftCall = hex("80010001 00000004 6563686f 00000001 0b0001 00000005 68656c6c6f 00")
const framedCall = concat(hex("0000001d"), thriftCall)

const firstFrames: ReadonlyArray<readonly [string, Uint8Array]> = [
  [ProtocolName.Http1, bytes("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")],
  [ProtocolName.Http1, bytes("GET / HTTP/1.0\r\n\r\n")],
  [ProtocolName.Http2, concat(bytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), hex("000000 04 00 00000000"))],
  [ProtocolName.Bolt, boltRequest({ requestId: 1, timeout: 3000, className: "com.alipay.sofa.rpc.core.request.SofaRequest",
    headers: { service: "com.example.EchoService:1.0" }, content: bytes("payload") })],
  [ProtocolName.Bolt, boltRequest({ protocol: 2, crc: true, requestId: 7, className: "x", content: bytes("v2") })],
  [ProtocolName.Dubbo, dubboRequest({ requestId: 1, body: bytes("\x05hello") })],
  [ProtocolName.TTHeader, encodeFrame({ seqId: 1, intInfo: { [IntKey.ToMethod]: "echo" }, payload: framedCall })],
  [ProtocolName.TTHeaderStreaming, encodeFrame({ seqId: 3, flags: 2, protocolId: 0x10, intInfo: { 27: "1" }, payload: new Uint8Array(0) })],
  [ProtocolName.THeader, hex("00000037 0fff 0000 00000000 0004 00 00 01 01 07 782d7472616365 03 616263").subarray(0, 14 + 16)],
  [ProtocolName.FramedThrift, framedCall],
  [ProtocolName.KitexProtobuf, hex("00000017 90010001 00000004 6563686f 00000001 0a0568656c6c6f")],
  [ProtocolName.BufferedThrift, thriftCall]
]

const matchers: Record<string, Matcher> = {
  [ProtocolName.Http2]: matchHttp2Preface,
  [ProtocolName.TTHeaderStreaming]: matchTTHeaderStreaming,
  [ProtocolName.TTHeader]: matchTTHeader,
  [ProtocolName.THeader]: matchTHeader,
  [ProtocolName.FramedThrift]: matchFramedThrift,
  [ProtocolName.KitexProtobuf]: matchKitexProtobuf,
  [ProtocolName.BufferedThrift]: matchBufferedThrift,
  [ProtocolName.Dubbo]: matchDubbo,
  [ProtocolName.Http1]: matchHttp1,
  [ProtocolName.Bolt]: matchBolt
}

/** Registered in a scrambled order on purpose: orderProtocols must restore defaultOrder. */
const protocols = (taken: Array<Taken>, override?: Record<string, Matcher>): Array<DetectProtocol> =>
  orderProtocols(Object.keys(matchers).reverse().map((name) => recorder(name, override?.[name] ?? matchers[name]!, taken)))

const detectOne = async (chunks: ReadonlyArray<Uint8Array>, override?: Record<string, Matcher>, maxBytes = 64) => {
  const taken: Array<Taken> = []
  const r = rejects()
  const det = createDetector({ protocols: protocols(taken, override), maxBytes, onReject: r.onReject })
  const [client, server] = createPipe()
  det.accept(server)
  for (const c of chunks) {
    client.write(c)
    await flush()
  }
  return { taken, rejects: r.list }
}

test("orderProtocols restores defaultOrder", () => {
  assert.deepEqual(protocols([]).map((p) => p.name), defaultOrder)
})

test("each protocol's first frame, split at every offset, is detected and handed over whole", async () => {
  for (const [name, frame] of firstFrames) {
    for (let cut = 0; cut <= frame.length; cut++) {
      const { taken, rejects } = await detectOne([frame.subarray(0, cut), frame.subarray(cut)])
      assert.deepEqual(rejects, [], `${name} cut ${cut}`)
      assert.deepEqual(taken.map((t) => t.name), [name], `${name} cut ${cut}`)
      assert.deepEqual(taken[0]!.all, frame, `${name} cut ${cut}`)
    }
  }
})

test("each first frame arriving one byte at a time", async () => {
  for (const [name, frame] of firstFrames) {
    const { taken } = await detectOne(Array.from(frame, (b) => Uint8Array.of(b)))
    assert.deepEqual(taken.map((t) => t.name), [name])
    assert.deepEqual(taken[0]!.all, frame)
  }
})

test("a Bolt-looking first byte followed by the TTHeader magic is TTHeader; a 16 MiB+ framed length is not Bolt", async () => {
  // LENGTH 0x01000010 (16 MiB + 16): byte 0 is Bolt v1's protocol code.
  const bigTT = hex("01000010 1000 0000 00000001 0001 00000000")
  const bigFramed = hex("01000020 80010001 00000004 6563686f 00000001")
  const bigTT2 = hex("02000010 1000 0000 00000001 0001 00000000")
  for (const [frame, want] of [[bigTT, "ttheader"], [bigFramed, "framed-thrift"], [bigTT2, "ttheader"]] as const) {
    for (const chunks of [[frame], Array.from(frame, (b) => Uint8Array.of(b))]) {
      assert.deepEqual((await detectOne(chunks)).taken.map((t) => t.name), [want])
      // The order alone protects even MOSN's bare byte-0 rule for Bolt ...
      const mosnBolt: Matcher = (b) => (b.length === 0 ? "again" : b[0] === 1 || b[0] === 2 ? "match" : "no-match")
      assert.deepEqual((await detectOne(chunks, { bolt: mosnBolt })).taken.map((t) => t.name), [want])
    }
    // ... and Bolt's own plausibility check protects even when Bolt is tried first.
    assert.equal(matchBolt(frame), "no-match")
  }
})

test("garbage: unknown bytes are rejected; a long undecidable prefix is closed past maxBytes", async () => {
  assert.deepEqual((await detectOne([hex("ffffffffffffffff")])).rejects.map((r) => r.reason), ["no-match"])
  assert.deepEqual((await detectOne([bytes("\x16\x03\x01\x02\x00")])).rejects.map((r) => r.reason), ["no-match"])
  // Endless "again" from a matcher that never decides.
  const slow: Matcher = (b) => (b[0] === 0x7e ? "again" : "no-match")
  const long = new Uint8Array(100).fill(0x7e)
  const res = await detectOne([long.subarray(0, 40), long.subarray(40)], { bolt: slow }, 64)
  assert.deepEqual(res.rejects.map((r) => [r.reason, r.bytes]), [["too-many-bytes", 100]])
})
