// Fuzz: 100k mutated golden frames through the streaming decoder; only frames or BoltErrors may result.
import assert from "node:assert/strict";
import { test } from "node:test";
import { mutations, prng } from "@mosaic/bytes/testing";
import type { MutationShape } from "@mosaic/bytes/testing";
import { decodeFrame } from "./decode-frame.ts";
import { createBoltDecoder } from "./decoder.ts";
import { BoltError } from "./errors.ts";
import { classLenOffset } from "./layout.ts";
import { matchBolt } from "./matcher.ts";
import { boltFrames, boltV2Frames } from "./vectors.fixture.ts";

const ITERATIONS = 100_000;
const MAX_FRAME = 400;

/** Where this protocol's size fields are, for the shared mutations. */
const SHAPE: MutationShape = {
  smashLength(b, int) {
    const proto = b[0]!;
    const type = b[proto === 2 ? 2 : 1]!;
    const off = classLenOffset(proto, type) + int(8);
    const values = [0, 0xff, 0x7f, 0x80, int(256)];
    b[off] = values[int(values.length)]!;
  },
  headerSpan: 24,
};

test(`fuzz: ${ITERATIONS} mutations -> frames or BoltErrors, bounded buffering`, () => {
  const corpus = [...boltFrames(), ...boltV2Frames()].map((v) => v.bytes);
  const rnd = prng(0xb017);
  const dec = createBoltDecoder({ maxFrameSize: MAX_FRAME, maxHeaderSize: 200 });
  let frames = 0;
  let errors = 0;
  const t0 = performance.now();
  for (const [i, input] of mutations(corpus, rnd, ITERATIONS, SHAPE)) {
    dec.reset();
    try {
      for (let o = 0; o < input.length; ) {
        const n = rnd() < 0.3 ? input.length : 1 + Math.floor(rnd() * 64);
        for (const d of dec.push(input.subarray(o, o + n))) {
          frames++;
          assert.ok(d.raw.length <= MAX_FRAME);
        }
        o += n;
        assert.ok(dec.buffered <= MAX_FRAME, `iteration ${i}: buffered ${dec.buffered}`);
      }
    } catch (e) {
      if (!(e instanceof BoltError)) throw new Error(`iteration ${i}: ${String(e)}`, { cause: e });
      errors++;
    }
    try {
      decodeFrame(input, { maxFrameSize: MAX_FRAME });
    } catch (e) {
      if (!(e instanceof BoltError)) throw new Error(`iteration ${i} (one-shot): ${String(e)}`, { cause: e });
    }
    matchBolt(input);
  }
  const ms = performance.now() - t0;
  assert.ok(frames > 0 && errors > 0, `frames ${frames}, errors ${errors}`);
  assert.ok(ms < 20_000, `took ${ms} ms`);
});
