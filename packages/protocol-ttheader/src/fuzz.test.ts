// Fuzz: 100k mutated goldens through the streaming decoders; only frames or TTHeaderErrors may come out.
import assert from "node:assert/strict"
import { test } from "node:test"
import { mutate, prng } from "@mosaic/bytes/testing"
import type { MutationShape } from "@mosaic/bytes/testing"
import { createTTHeaderDecoder } from "./decoder.ts"
import { TTHeaderError } from "./errors.ts"
import { BUFFERED_ECHO_REQ, FRAMED_ECHO_EXC, FRAMED_ECHO_REQ, FRAMED_COMPACT_REQ, hex, THEADER, ttGoldens } from "./golden.fixture.ts"
import { createKitexDecoder } from "./kitex-decoder.ts"
import { matchKitex, matchTTHeader } from "./matcher.ts"
import { routingKeys } from "./routing.ts"

const ITERATIONS = 100_000
const MAX_FRAME = 300

/** Where the TTHeader size fields, counts and info ids are, for the shared mutations. */
const SHAPE: MutationShape = {
  smashLength: (b, int) => {
    b[[0, 3, 12, 13, 14, 15, 16, 17, 18, 19, 20][int(11)]! % b.length] = [0, 0xff, 0x7f, 0x80, 0x10, 0x11, 1, int(256)][int(8)]!
  },
  headerSpan: 40
}

const run = (name: string, corpus: ReadonlyArray<Uint8Array>, make: () => { push(c: Uint8Array): Iterable<unknown>; reset(): void; buffered: number }, seed: number) => {
  const rnd = prng(seed)
  const dec = make()
  let frames = 0
  let errors = 0
  for (let i = 0; i < ITERATIONS / 2; i++) {
    const a = corpus[Math.floor(rnd() * corpus.length)]!
    const input = mutate(rnd() < 0.2 ? Uint8Array.from([...a, ...corpus[Math.floor(rnd() * corpus.length)]!]) : a, rnd, SHAPE)
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
