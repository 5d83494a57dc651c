// Tests: the test-support helpers (deterministic PRNG, mutations, hex and vector parsing).
import assert from "node:assert/strict";
import { test } from "node:test";
import { hex, mutate, mutations, parseVectors, prng, toHex } from "./testing.ts";

const shape = { smashLength: (b: Uint8Array, int: (n: number) => number) => void (b[int(4)] = 0xff), headerSpan: 8 };

test("prng is deterministic per seed and in [0, 1)", () => {
  const a = prng(7);
  const b = prng(7);
  for (let i = 0; i < 1000; i++) {
    const x = a();
    assert.equal(x, b());
    assert.ok(x >= 0 && x < 1);
  }
  assert.notEqual(prng(1)(), prng(2)());
});

test("mutate copies, never modifies its source, and replays from the seed", () => {
  const src = hex("00 01 02 03 04 05 06 07 08 09 0a 0b");
  const run = () => Array.from({ length: 200 }, (_, i) => toHex(mutate(src, prng(i), shape)));
  const first = run();
  assert.deepEqual(run(), first);
  assert.equal(toHex(src), "000102030405060708090a0b");
  assert.ok(new Set(first).size > 50);
});

test("mutations yields count numbered inputs and lets the caller share rnd", () => {
  const rnd = prng(3);
  const seen: number[] = [];
  for (const [i, input] of mutations([hex("aabb"), hex("ccddee")], rnd, 50, shape)) {
    assert.ok(input instanceof Uint8Array);
    seen.push(i);
    rnd();
  }
  assert.deepEqual(seen, Array.from({ length: 50 }, (_, i) => i));
});

test("hex skips separators; toHex round-trips; parseVectors checks sizes", () => {
  assert.equal(toHex(hex("de ad|be:ef\n01")), "deadbeef01");
  const v = parseVectors("intro\n### one (3 bytes)\n0102\n03\n### two (1 bytes)\nff\n");
  assert.deepEqual(v.map((x) => [x.name, toHex(x.bytes)]), [["one", "010203"], ["two", "ff"]]);
  assert.throws(() => parseVectors("### bad (2 bytes)\n01\n"), /1 != 2/);
  assert.throws(() => parseVectors("### no size\n01\n"), /bad vector title/);
});
