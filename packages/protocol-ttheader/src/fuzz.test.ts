// Fuzz: 100k mutated goldens through the streaming decoders; only frames or TTHeaderErrors may come out.
import assert from "node:assert/strict"
import { test } from "node:test"
import { createTTHeaderDecoder } from "./decoder.ts"
import { TTHeaderError } from "./errors.ts"
import { BUFFERED_ECHO_REQ, FRAMED_ECHO_EXC, FRAMED_ECHO_REQ, FRAMED_COMPACT_REQ, hex, THEADER, ttGoldens } from "./golden.fixture.ts"
import { createKitexDecoder } from "./kitex-decoder.ts"
import { matchKitex, matchTTHeader } from "./matcher.ts"
import { routingKeys } from "./routing.ts"

const ITERATIONS = 100_000
const MAX_FRAME = 300

/** mulberry32: deterministic, so a failure replays from its iteration number. */
const prng = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const mutate = (src: Uint8Array, rnd: () => number): Uint8Array => {
  const int = (n: number) => Math.floor(rnd() * n)
  let b = src.slice()
  switch (int(5)) {
    case 0:
      for (let k = 1 + int(4); k > 0; k--) b[int(b.length)]! ^= 1 << int(8)
      break
    case 1:
      b = b.slice(0, int(b.length))
      break
    case 2: {
      const at = int(b.length + 1)
      const ins = Uint8Array.from({ length: 1 + int(16) }, () => int(256))
      b = Uint8Array.from([...b.subarray(0, at), ...ins, ...b.subarray(at)])
      break
    }
    case 3: // header fields: sizes, counts, info ids
      b[[0, 3, 12, 13, 14, 15, 16, 17, 18, 19, 20][int(11)]! % b.length] = [0, 0xff, 0x7f, 0x80, 0x10, 0x11, 1, int(256)][int(8)]!
      break
    default:
      b[int(Math.min(b.length, 40))] = int(256)
  }
  return b
}

const run = (name: string, corpus: ReadonlyArray<Uint8Array>, make: () => { push(c: Uint8Array): Iterable<unknown>; reset(): void; buffered: number }, seed: number) => {
  const rnd = prng(seed)
  const dec = make()
  let frames = 0
  let errors = 0
  for (let i = 0; i < ITERATIONS / 2; i++) {
    const a = corpus[Math.floor(rnd() * corpus.length)]!
    const input = mutate(rnd() < 0.2 ? Uint8Array.from([...a, ...corpus[Math.floor(rnd() * corpus.length)]!]) : a, rnd)
    dec.reset()
    matchKitex(input)
    matchTTHeader(input)
    try {
      for (let o = 0; o < input.length;) {
        const n = rnd() < 0.3 ? input.length : 1 + Math.floor(rnd() * 32)
        for (const d of dec.push(input.subarray(o, o + n))) {
          frames++
          const f = (d as { frame?: { intInfo?: unknown } }).frame
          if (f !== undefined && f.intInfo !== undefined) routingKeys(f as never)
        }
        o += n
        assert.ok(dec.buffered <= MAX_FRAME, `${name} iteration ${i}: buffered ${dec.buffered}`)
      }
    } catch (e) {
      if (!(e instanceof TTHeaderError)) throw new Error(`${name} iteration ${i}: ${String(e)}`, { cause: e })
      errors++
    }
  }
  assert.ok(frames > 1000 && errors > 1000, `${name}: ${frames} frames, ${errors} errors`)
}

test(`fuzz: ${ITERATIONS} mutations -> frames or TTHeaderErrors, bounded buffering`, () => {
  const limits = { maxFrameSize: MAX_FRAME, maxHeaderSize: 128, maxInfoCount: 16 }
  const tt = ttGoldens.map((g) => hex(g.hex))
  run("ttheader", tt, () => createTTHeaderDecoder(limits), 0x7711)
  const any = [...tt, ...[BUFFERED_ECHO_REQ, FRAMED_ECHO_REQ, FRAMED_ECHO_EXC, FRAMED_COMPACT_REQ, THEADER.pyReq, THEADER.compactReq].map(hex)]
  run("kitex", any, () => createKitexDecoder(limits), 0x4b17)
})
