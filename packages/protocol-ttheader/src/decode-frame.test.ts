// Tests: whole-frame TTHeader decoding of the hand-built goldens, field by field, and its errors.
import assert from "node:assert/strict"
import { test } from "node:test"
import { decodeFrame } from "./decode-frame.ts"
import { TTHeaderError } from "./errors.ts"
import {
  BUFFERED_ECHO_REQ, FRAMED_ECHO_REQ, hex, toHex, TT_FRAMED_PAYLOAD, TT_INFOS, TT_KITEX_PB, TT_SMALLEST, TT_STREAMING
} from "./golden.fixture.ts"
import { IntKey } from "./int-keys.ts"
import { ProtocolId, TTHeaderFlags } from "./layout.ts"

const fails = (bytes: Uint8Array, reason: string, limits?: object) =>
  assert.throws(() => decodeFrame(bytes, limits), (e: unknown) => e instanceof TTHeaderError && e.reason === reason)

test("smallest frame (3.1): 1 header word, no infos, payload after 14 + 4 bytes", () => {
  const f = decodeFrame(hex(TT_SMALLEST))
  assert.equal(f.seqId, 1)
  assert.equal(f.flags, 0)
  assert.equal(f.protocolId, ProtocolId.ThriftBinary)
  assert.deepEqual(f.transforms, [])
  assert.equal(f.intInfo.size, 0)
  assert.equal(f.strInfo.size, 0)
  assert.equal(f.token, undefined)
  assert.equal(toHex(f.payload), toHex(hex(BUFFERED_ECHO_REQ)))
})

test("framed payload is kept as bytes, length prefix included", () => {
  assert.equal(toHex(decodeFrame(hex(TT_FRAMED_PAYLOAD)).payload), toHex(hex(FRAMED_ECHO_REQ)))
})

test("ACL token, string and int infos, padding", () => {
  const f = decodeFrame(hex(TT_INFOS))
  assert.equal(f.token, "t")
  assert.deepEqual([...f.strInfo], [["isn", "Echo"]])
  assert.deepEqual([...f.intInfo], [[IntKey.FromService, "client"], [IntKey.ToService, "echo.svc"], [IntKey.ToMethod, "echo"], [IntKey.MsgType, "1"]])
  assert.equal(f.payload.length, 29)
})

test("streaming flags, protocol id 0x10, empty payload", () => {
  const f = decodeFrame(hex(TT_STREAMING))
  assert.equal(f.flags & TTHeaderFlags.Streaming, TTHeaderFlags.Streaming)
  assert.equal(f.protocolId, ProtocolId.ThriftStruct)
  assert.equal(f.seqId, 5)
  assert.equal(f.intInfo.get(IntKey.FrameType), "1")
  assert.equal(f.payload.length, 0)
})

test("Kitex protobuf payload under protocol id 0", () => {
  const f = decodeFrame(hex(TT_KITEX_PB))
  assert.equal(f.protocolId, 0)
  assert.equal(f.payload[4], 0x90)
})

test("transforms are read (u8 count + ids) and negative seqids survive", () => {
  const b = hex("00000010 1000 0001 fffffffe 0001 | 00 02 0103 | 8001")
  const f = decodeFrame(b)
  assert.deepEqual(f.transforms, [1, 3])
  assert.equal(f.seqId, -2)
  assert.equal(f.flags, TTHeaderFlags.SupportOutOfOrder)
})

test("errors carry a reason", () => {
  const good = hex(TT_INFOS)
  const bad = (at: number, v: number) => {
    const b = good.slice()
    b[at] = v
    return b
  }
  fails(bad(4, 0x0f), "BadMagic")
  fails(bad(14, 0x05), "BadProtocolId")
  fails(bad(0, 0x40), "BadLength")
  fails(bad(0, 0x01), "FrameTooLarge")
  fails(bad(13, 0x00), "BadHeaderSize")
  fails(bad(13, 0xff), "BadHeaderSize")
  fails(bad(16, 0x20), "BadInfoId")
  fails(bad(18, 0xff), "Truncated") // ACL token length 0x00ff runs past the header
  fails(good.subarray(0, 50), "Truncated")
  fails(new Uint8Array([...good, 0]), "BadLength")
  fails(good, "TooManyInfos", { maxInfoCount: 4 })
  fails(good, "HeaderTooLarge", { maxHeaderSize: 56 })
  fails(good, "FrameTooLarge", { maxFrameSize: 102 })
  assert.equal(decodeFrame(good, { maxInfoCount: 5, maxHeaderSize: 60, maxFrameSize: 103 }).token, "t")
})

test("non-UTF-8 header bytes decode with replacement, not an error", () => {
  const b = hex("00000016 1000 0000 00000000 0003 | 00 00 | 10 0001 0009 0002 fffe | 00")
  assert.equal(decodeFrame(b).intInfo.get(9), "\ufffd\ufffd")
})
