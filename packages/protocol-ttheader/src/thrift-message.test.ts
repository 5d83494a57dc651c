// Tests: Thrift message heads, Kitex payload classes, routing keys and in-place seqid rewrite.
import assert from "node:assert/strict"
import { test } from "node:test"
import { decodeFrame } from "./decode-frame.ts"
import { encodeFrame } from "./encoder.ts"
import {
  BUFFERED_ECHO_REQ, FRAMED_COMPACT_REQ, FRAMED_ECHO_REQ, hex, TT_FRAMED_PAYLOAD, TT_INFOS, TT_KITEX_PB, TT_SMALLEST
} from "./golden.fixture.ts"
import { IntKey } from "./int-keys.ts"
import { routingKeys } from "./routing.ts"
import { readMessageSeqId, readSeqId, writeMessageSeqId, writeSeqId } from "./seq-id.ts"
import { classifyPayload, payloadMessage, peekBinaryMessage, peekCompactMessage, ThriftMessageType } from "./thrift-message.ts"

test("binary strict head: name, type, seqid, offsets", () => {
  const h = peekBinaryMessage(hex(BUFFERED_ECHO_REQ))!
  assert.deepEqual(h, { encoding: "binary", name: "echo", type: ThriftMessageType.Call, seqId: 1, seqIdOffset: 12, bodyOffset: 16 })
  assert.equal(peekBinaryMessage(hex(BUFFERED_ECHO_REQ).subarray(0, 15)), undefined)
  assert.equal(peekBinaryMessage(hex("80010001 ffffffff 00000000 00")), undefined)
  assert.equal(peekBinaryMessage(new TextEncoder().encode("GET / HTTP/1.1\r\n")), undefined)
})

test("compact head (framed vector)", () => {
  const h = peekCompactMessage(hex(FRAMED_COMPACT_REQ), 4)!
  assert.equal(h.name, "echo")
  assert.equal(h.type, ThriftMessageType.Call)
  assert.equal(h.seqId, 1)
})

test("classifyPayload follows Kitex's checkPayload", () => {
  assert.equal(classifyPayload(hex(BUFFERED_ECHO_REQ)), "ThriftBinary")
  assert.equal(classifyPayload(hex(FRAMED_ECHO_REQ)), "ThriftFramed")
  assert.equal(classifyPayload(decodeFrame(hex(TT_KITEX_PB)).payload), "KitexProtobuf")
  assert.equal(classifyPayload(hex(FRAMED_COMPACT_REQ)), undefined)
  assert.equal(classifyPayload(hex("fff4fffd 00000000")), undefined)
  assert.equal(payloadMessage(decodeFrame(hex(TT_KITEX_PB)).payload)?.encoding, "kitex-protobuf")
  assert.equal(payloadMessage(hex(FRAMED_COMPACT_REQ))?.encoding, "compact")
})

test("routing keys: ToService/ToMethod from int infos, else the message name", () => {
  assert.deepEqual(routingKeys(decodeFrame(hex(TT_INFOS))), { service: "echo.svc", method: "echo", methodFrom: "header" })
  assert.deepEqual(routingKeys(decodeFrame(hex(TT_SMALLEST))), { service: undefined, method: "echo", methodFrom: "payload" })
  assert.equal(routingKeys(decodeFrame(hex(TT_FRAMED_PAYLOAD))).method, "echo")
  assert.equal(routingKeys(decodeFrame(hex(TT_KITEX_PB))).method, "echo")
  const idl = encodeFrame({ seqId: 1, strInfo: { isn: "Echo" }, intInfo: { [IntKey.ToMethod]: "" }, payload: hex(FRAMED_ECHO_REQ) })
  assert.deepEqual(routingKeys(decodeFrame(idl)), { service: "Echo", method: "echo", methodFrom: "payload" })
  const none = encodeFrame({ seqId: 1, payload: new Uint8Array(8) })
  assert.deepEqual(routingKeys(decodeFrame(none)), { service: undefined, method: undefined, methodFrom: undefined })
})

test("seqid rewrite in place: header and payload message stay equal", () => {
  for (const g of [TT_SMALLEST, TT_FRAMED_PAYLOAD, TT_INFOS, TT_KITEX_PB]) {
    const raw = hex(g)
    const before = raw.length
    assert.equal(writeSeqId(raw, 0x01020304), true)
    assert.equal(raw.length, before)
    assert.equal(readSeqId(raw), 0x01020304)
    const f = decodeFrame(raw)
    assert.equal(f.seqId, 0x01020304)
    assert.equal(readMessageSeqId(f.payload), 0x01020304)
  }
  const raw = hex(TT_SMALLEST)
  assert.equal(writeSeqId(raw, -1, false), false)
  assert.equal(readSeqId(raw), -1)
  assert.equal(readMessageSeqId(decodeFrame(raw).payload), 1)
  const framed = hex(FRAMED_ECHO_REQ)
  assert.equal(writeMessageSeqId(framed, 9), true)
  assert.equal(readMessageSeqId(framed), 9)
  assert.equal(writeMessageSeqId(hex(FRAMED_COMPACT_REQ), 9), false)
})
