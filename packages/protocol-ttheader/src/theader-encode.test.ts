// Tests: the Apache THeader encoder against the THeader and Kitex decoders.
import { test } from "node:test"
import assert from "node:assert/strict"
import { isTTHeaderError } from "./errors.ts"
import { createKitexDecoder } from "./kitex-decoder.ts"
import { decodeTHeader } from "./theader.ts"
import { encodeTHeader } from "./theader-encode.ts"

// a binary strict Call "ping", seqid 7, empty struct
const ping = new Uint8Array([0x80, 1, 0, 1, 0, 0, 0, 4, 0x70, 0x69, 0x6e, 0x67, 0, 0, 0, 7, 0])

test("encodeTHeader: headers, transforms, flags and seqid read back; the header is padded to words", () => {
  const headers = new Map([["x-trace", "abc"], ["ünïcode", "ok"], ["long", "v".repeat(300)]])
  const bytes = encodeTHeader({ seqId: 7, flags: 1, protocolId: 0, transforms: [1], headers, payload: ping })
  const f = decodeTHeader(bytes)
  assert.deepEqual([f.seqId, f.flags, f.protocolId, f.transforms, [...f.headers]], [7, 1, 0, [1], [...headers]])
  assert.deepEqual(f.payload, ping)
  assert.equal(14 + (bytes[12]! * 256 + bytes[13]!) * 4 + ping.length, bytes.length)
  const d = createKitexDecoder()
  d.push(bytes)
  const k = d.read()!
  assert.equal(k.kind, "theader")
  assert.equal(k.raw.length, bytes.length)
})

test("encodeTHeader: no headers writes no info block; a record works as a map", () => {
  const none = decodeTHeader(encodeTHeader({ seqId: 0, payload: ping }))
  assert.deepEqual([none.headers.size, none.protocolId, none.transforms], [0, 0, []])
  assert.deepEqual([...decodeTHeader(encodeTHeader({ seqId: 1, headers: { a: "1" }, payload: ping })).headers], [["a", "1"]])
  assert.throws(() => encodeTHeader({ seqId: 1, protocolId: -1, payload: ping }), (e) => isTTHeaderError(e))
})
