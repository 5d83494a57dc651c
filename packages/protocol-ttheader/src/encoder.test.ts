// Tests: the encoder reproduces the hand-built goldens byte for byte and round-trips through the decoder.
import assert from "node:assert/strict"
import { test } from "node:test"
import { decodeFrame } from "./decode-frame.ts"
import { encodeFrame } from "./encoder.ts"
import { TTHeaderError } from "./errors.ts"
import { hex, toHex, ttGoldens, TT_INFOS, TT_SMALLEST, TT_STREAMING } from "./golden.fixture.ts"
import { IntKey } from "./int-keys.ts"

test("every golden: decode then encode gives the same bytes", () => {
  for (const g of ttGoldens) {
    const f = decodeFrame(hex(g.hex))
    const again = encodeFrame({ ...f, token: f.token ?? "" })
    assert.equal(toHex(again), toHex(hex(g.hex)), g.name)
  }
})

test("smallest frame from init fields", () => {
  const payload = decodeFrame(hex(TT_SMALLEST)).payload
  assert.equal(toHex(encodeFrame({ seqId: 1, payload })), toHex(hex(TT_SMALLEST)))
})

test("Kitex order from a record: token, KEYVALUE, INTKEYVALUE (ascending keys), padding", () => {
  const payload = decodeFrame(hex(TT_INFOS)).payload
  const b = encodeFrame({
    seqId: 1,
    intInfo: { [IntKey.MsgType]: "1", [IntKey.ToMethod]: "echo", [IntKey.FromService]: "client", [IntKey.ToService]: "echo.svc" },
    strInfo: { isn: "Echo" },
    token: "t",
    payload
  })
  assert.equal(toHex(b), toHex(hex(TT_INFOS)))
  assert.equal(toHex(encodeFrame({ seqId: 5, flags: 2, protocolId: 0x10, intInfo: new Map([[27, "1"]]), payload: new Uint8Array(0) })),
    toHex(hex(TT_STREAMING)))
})

test("random round trips", () => {
  let seed = 7
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n
  const word = () => Array.from({ length: rnd(12) }, () => String.fromCharCode(97 + rnd(26))).join("") + (rnd(5) === 0 ? "é" : "")
  for (let i = 0; i < 300; i++) {
    const intInfo = new Map(Array.from({ length: rnd(6) }, () => [rnd(30), word()] as const))
    const strInfo = new Map(Array.from({ length: rnd(6) }, () => [word(), word()] as const))
    const token = rnd(3) === 0 ? word() : undefined
    const payload = Uint8Array.from({ length: rnd(40) }, () => rnd(256))
    const init = { seqId: rnd(2 ** 31) - 2 ** 30, flags: rnd(0x20), protocolId: [0, 2, 3, 4, 0x10, 0x11][rnd(6)]!, intInfo, strInfo, payload,
      ...(token === undefined ? {} : { token }) }
    const b = encodeFrame(init)
    assert.equal(b.length % 4, (payload.length + 14) % 4)
    const f = decodeFrame(b)
    assert.equal(f.seqId, init.seqId)
    assert.equal(f.flags, init.flags)
    assert.equal(f.protocolId, init.protocolId)
    assert.deepEqual([...f.intInfo], [...intInfo])
    assert.deepEqual([...f.strInfo], [...strInfo])
    assert.equal(f.token, token === "" ? undefined : token)
    assert.deepEqual(f.payload, payload)
  }
})

test("encoder limits: 65535-byte strings, u16 int keys, 65535 header words", () => {
  const fails = (init: object, reason: string) =>
    assert.throws(() => encodeFrame({ seqId: 0, payload: new Uint8Array(0), ...init }), (e: unknown) => e instanceof TTHeaderError && e.reason === reason)
  fails({ token: "x".repeat(65536) }, "StringTooLong")
  fails({ intInfo: new Map([[70000, "x"]]) }, "BadInfoId")
  fails({ strInfo: Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`k${i}`, "v".repeat(60000)])) }, "HeaderTooLarge")
  const numericKey = decodeFrame(encodeFrame({ seqId: 0, strInfo: { "123": "x" }, payload: new Uint8Array(0) }))
  assert.deepEqual([...numericKey.strInfo], [["123", "x"]])
  const big = encodeFrame({ seqId: 0, payload: new Uint8Array(0), token: "x".repeat(65535) })
  assert.equal(decodeFrame(big, { maxHeaderSize: 4 * 65535 }).token?.length, 65535)
})
