// Fuzz: 100k mutated golden frames through the streaming decoder; only frames or DubboErrors may result.
import assert from "node:assert/strict";
import { test } from "node:test";
import { mutations, prng } from "@mosaic/bytes/testing";
import type { MutationShape } from "@mosaic/bytes/testing";
import { decodeFrame } from "./decode-frame.ts";
import { createDubboDecoder } from "./decoder.ts";
import { DubboError } from "./errors.ts";
import { matchDubbo } from "./matcher.ts";
import { dubboFrames } from "./vectors.fixture.ts";

const ITERATIONS = 100_000;
const MAX_BODY = 200;

/** Where this protocol's size fields are, for the shared mutations. */
const SHAPE: MutationShape = {
  smashLength(b, int) {
    const values = [0, 0xff, 0x7f, 0x80, int(256)];
    b[12 + int(4)] = values[int(values.length)]!; // body length field
  },
  headerSpan: 16,
};

test(`fuzz: ${ITERATIONS} mutations -> frames or DubboErrors, bounded buffering`, () => {
  const corpus = dubboFrames().map((v) => v.bytes);
  const rnd = prng(0xd0bb0);
  const dec = createDubboDecoder({ maxBodySize: MAX_BODY });
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
          assert.ok(d.frame.body.length <= MAX_BODY);
        }
        o += n;
        assert.ok(dec.buffered <= 16 + MAX_BODY, `iteration ${i}: buffered ${dec.buffered}`);
      }
    } catch (e) {
      if (!(e instanceof DubboError)) throw new Error(`iteration ${i}: ${String(e)}`, { cause: e });
      errors++;
    }
    try {
      decodeFrame(input, { maxBodySize: MAX_BODY });
    } catch (e) {
      if (!(e instanceof DubboError)) throw new Error(`iteration ${i} (one-shot): ${String(e)}`, { cause: e });
    }
    matchDubbo(input);
  }
  const ms = performance.now() - t0;
  assert.ok(frames > 0 && errors > 0, `frames ${frames}, errors ${errors}`);
  assert.ok(ms < 20_000, `took ${ms} ms`);
});
