// Tests: the streaming TTHeader decoder at every split offset, byte by byte, with limits and sticky errors.
import assert from "node:assert/strict"
import { test } from "node:test"
import { createTTHeaderDecoder } from "./decoder.ts"
import { TTHeaderError } from "./errors.ts"
import { hex, toHex, ttGoldens, TT_INFOS } from "./golden.fixture.ts"
import type { TTHeaderDecoded } from "./types.ts"

const all = ttGoldens.map((g) => hex(g.hex))
const stream = (() => {
  const out = new Uint8Array(all.reduce((n, b) => n + b.length, 0))
  let o = 0
  for (const b of all) {
    out.set(b, o)
    o += b.length
  }
  return out
})()

const drain = (chunks: ReadonlyArray<Uint8Array>): Array<TTHeaderDecoded> => {
  const dec = createTTHeaderDecoder()
  const got: Array<TTHeaderDecoded> = []
  for (const c of chunks) for (const d of dec.push(c)) got.push(d)
  assert.equal(dec.buffered, 0)
  return got
}

test("every golden split at every offset decodes to the same frame", () => {
  for (const b of all) {
    for (let cut = 0; cut <= b.length; cut++) {
      const got = drain([b.subarray(0, cut), b.subarray(cut)])
      assert.equal(got.length, 1)
      assert.equal(toHex(got[0]!.raw), toHex(b))
    }
  }
})

test("all goldens back to back, split at every pair of offsets of the first 120 bytes, and one byte at a time", () => {
  for (let i = 0; i < 120; i += 3) {
    for (let j = i; j < 120; j += 5) {
      const got = drain([stream.subarray(0, i), stream.subarray(i, j), stream.subarray(j)])
      assert.deepEqual(got.map((d) => toHex(d.raw)), all.map(toHex))
    }
  }
  const bytes = Array.from(stream, (x) => Uint8Array.of(x))
  const got = drain(bytes)
  assert.deepEqual(got.map((d) => d.frame.seqId), [1, 1, 1, 5, 1])
  assert.equal(got[2]!.frame.intInfo.get(9), "echo")
})

test("a frame in one chunk is a view, not a copy", () => {
  const b = hex(TT_INFOS)
  const [d] = drain([b])
  assert.equal(d!.raw.buffer, b.buffer)
  assert.equal(d!.frame.payload.buffer, b.buffer)
})

test("limits reject before buffering the frame, and the error is sticky until reset", () => {
  const b = hex(TT_INFOS)
  const dec = createTTHeaderDecoder({ maxFrameSize: 64 })
  dec.push(b.subarray(0, 4))
  assert.throws(() => dec.read(), (e: unknown) => e instanceof TTHeaderError && e.reason === "FrameTooLarge")
  assert.throws(() => dec.read(), (e: unknown) => e instanceof TTHeaderError && e.reason === "FrameTooLarge")
  dec.reset()
  assert.equal(dec.buffered, 0)
  const small = hex(ttGoldens[0]!.hex)
  assert.equal([...dec.push(small)].length, 1)
  const h = createTTHeaderDecoder({ maxHeaderSize: 16 })
  h.push(b.subarray(0, 14))
  assert.throws(() => h.read(), (e: unknown) => e instanceof TTHeaderError && e.reason === "HeaderTooLarge")
  const n = createTTHeaderDecoder({ maxInfoCount: 2 })
  assert.throws(() => [...n.push(b)], (e: unknown) => e instanceof TTHeaderError && e.reason === "TooManyInfos")
})

test("garbage is rejected by byte 6", () => {
  for (const text of ["GET / HTTP/1.1\r\n", "\x01\x01\x00\x01\x01\x00\x00\x00", "\xda\xbb\xc2\x00\x00\x00"]) {
    const dec = createTTHeaderDecoder()
    const b = Uint8Array.from(text, (c) => c.charCodeAt(0))
    assert.throws(() => [...dec.push(b.subarray(0, 6))], (e: unknown) => e instanceof TTHeaderError)
  }
})
