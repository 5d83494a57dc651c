// Fuzz: 100k mutated golden frames through the streaming decoder; only frames or DubboErrors may result.
import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeFrame } from "./decode-frame.ts";
import { createDubboDecoder } from "./decoder.ts";
import { DubboError } from "./errors.ts";
import { matchDubbo } from "./matcher.ts";
import { dubboFrames } from "./vectors.fixture.ts";

const ITERATIONS = 100_000;
const MAX_BODY = 200;

/** mulberry32: small deterministic PRNG so a failure can be replayed from its iteration number. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(src: Uint8Array, rnd: () => number): Uint8Array {
  const int = (n: number) => Math.floor(rnd() * n);
  let b = src.slice();
  const kind = int(5);
  if (kind === 0) {
    for (let k = 1 + int(4); k > 0; k--) b[int(b.length)]! ^= 1 << int(8);
  } else if (kind === 1) {
    b = b.slice(0, int(b.length));
  } else if (kind === 2) {
    const at = int(b.length + 1);
    const ins = Uint8Array.from({ length: 1 + int(16) }, () => int(256));
    const out = new Uint8Array(b.length + ins.length);
    out.set(b.subarray(0, at));
    out.set(ins, at);
    out.set(b.subarray(at), at + ins.length);
    b = out;
  } else if (kind === 3) {
    const values = [0, 0xff, 0x7f, 0x80, int(256)];
    b[12 + int(4)] = values[int(values.length)]!; // body length field
  } else {
    b[int(Math.min(b.length, 16))] = int(256);
  }
  return b;
}

test(`fuzz: ${ITERATIONS} mutations -> frames or DubboErrors, bounded buffering`, () => {
  const corpus = dubboFrames().map((v) => v.bytes);
  const rnd = prng(0xd0bb0);
  const dec = createDubboDecoder({ maxBodySize: MAX_BODY });
  let frames = 0;
  let errors = 0;
  const t0 = performance.now();
  for (let i = 0; i < ITERATIONS; i++) {
    const a = corpus[Math.floor(rnd() * corpus.length)]!;
    const b = corpus[Math.floor(rnd() * corpus.length)]!;
    const joined = new Uint8Array(a.length + b.length);
    joined.set(a);
    joined.set(b, a.length);
    const input = mutate(rnd() < 0.2 ? joined : a, rnd);
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
