// Tests: fuzz seeds (fresh, replayed from MOSAIC_FUZZ_SEED, named in failures), inputs and chunk splits, and the driver's failure reports.
import assert from "node:assert/strict";
import { test } from "node:test";
import { fuzzCheck, fuzzInput, fuzzSeed, fuzzTest, inputRng, parseSeed, randomChunks, runFuzz, toHex, withSeed } from "./testing.ts";
import type { FuzzTarget } from "./testing.ts";

const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process!.env;

test("a fresh seed per run, printed once; MOSAIC_FUZZ_SEED replays it", () => {
  const lines: Array<string> = [];
  const saved = env.MOSAIC_FUZZ_SEED;
  delete env.MOSAIC_FUZZ_SEED;
  try {
    const seeds = new Set(Array.from({ length: 8 }, () => fuzzSeed("x", undefined, (l) => void lines.push(l)).seed));
    assert.ok(seeds.size > 1, "fresh seeds differ");
    assert.equal(lines.length, 8);
    env.MOSAIC_FUZZ_SEED = "123456789";
    const s = fuzzSeed("bolt decoder", undefined, (l) => void lines.push(l));
    assert.equal(s.seed, 123456789);
    assert.equal(s.replayed, true);
    assert.equal(lines.at(-1), "fuzz seed bolt decoder: 123456789 (replay: MOSAIC_FUZZ_SEED=123456789)");
  } finally {
    if (saved === undefined) delete env.MOSAIC_FUZZ_SEED;
    else env.MOSAIC_FUZZ_SEED = saved;
  }
  assert.equal(parseSeed("0xff"), 255);
  assert.throws(() => parseSeed("-1"), /not a u32/);
  assert.throws(() => parseSeed("4294967296"), /not a u32/);
});

test("inputs and splits replay from (seed, index); chunks cover the input in order", () => {
  const corpus = [Uint8Array.from({ length: 40 }, (_, i) => i), Uint8Array.of(9, 9, 9)];
  const one = (i: number) => {
    const rnd = inputRng(77, i);
    const input = fuzzInput(corpus, rnd, { smashLength: (b) => void (b[0] = 0xff), dictionary: [Uint8Array.of(1, 2)] });
    return [toHex(input), randomChunks(input, rnd).map(toHex).join("|")];
  };
  const run = Array.from({ length: 300 }, (_, i) => one(i));
  assert.deepEqual(one(123), run[123]);
  assert.ok(new Set(run.map((x) => x[0])).size > 200);
  for (const [input, chunks] of run) assert.equal(chunks!.replaceAll("|", ""), input);
  assert.equal(toHex(corpus[0]!), toHex(Uint8Array.from({ length: 40 }, (_, i) => i)), "corpus untouched");
});

/** Fails (invariant) on any input holding byte 0x42, throws a TypeError on 0x13; else rejects odd lengths. */
const buggy: FuzzTarget = {
  name: "buggy",
  generate: (rnd) => Uint8Array.from({ length: 1 + Math.floor(rnd() * 40) }, () => Math.floor(rnd() * 256)),
  check(input) {
    fuzzCheck(!input.includes(0x42), "found 0x42");
    if (input.includes(0x13)) throw new TypeError("boom");
    return input.length % 2 === 1 ? "rejected" : "accepted";
  },
};

test("the driver collects failures by kind and shrinks them; a run from an index replays it", async () => {
  const stats = await runFuzz(buggy, { seed: 5, inputs: 2000, maxFailures: 4 });
  assert.equal(stats.failures.length, 4);
  for (const f of stats.failures) {
    assert.ok(f.kind === "invariant" || f.kind === "error");
    assert.ok(f.minimal === "42" || f.minimal === "13", `minimal ${f.minimal}`);
  }
  const first = stats.failures[0]!;
  const again = await runFuzz(buggy, { seed: 5, inputs: 1, from: first.index });
  assert.equal(again.failures[0]?.input, first.input);
  const clean = await runFuzz({ ...buggy, check: (i: Uint8Array) => (i.length % 2 === 1 ? "rejected" : "accepted") }, { seed: 5, inputs: 500 });
  assert.equal(clean.failures.length, 0);
  assert.equal(clean.accepted + clean.rejected, 500);
  assert.ok(clean.accepted > 100 && clean.rejected > 100);
});

test("fuzzTest and withSeed put the seed line in the failure message", async () => {
  await assert.rejects(fuzzTest(buggy, { inputs: 2000 }), (e: Error) => /^fuzz seed buggy: \d+ \(replay: MOSAIC_FUZZ_SEED=\d+\): \d failing input/.test(e.message) && /minimal (42|13)/.test(e.message));
  const s = fuzzSeed("w", 9, () => {});
  assert.throws(() => withSeed(s, () => assert.fail("inner")), (e: Error) => e.message === "fuzz seed w: 9 (replay: MOSAIC_FUZZ_SEED=9): inner" && e.cause instanceof Error);
  await assert.rejects(withSeed(s, async () => { throw new Error("late"); }), /fuzz seed w: 9 .*: late/);
  assert.equal(withSeed(s, () => 3), 3);
});
