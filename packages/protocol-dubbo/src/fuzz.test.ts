// Fuzz (seeded, fresh seed per run; replay with MOSAIC_FUZZ_SEED): mutated golden frames, split at random, give frames or DubboErrors only.
import assert from "node:assert/strict";
import { test } from "node:test";
import { fuzzTest, withSeed } from "@mosaic/bytes/testing";
import { dubboFuzzTarget } from "./fuzz.fixture.ts";

const INPUTS = 40_000;

test(`fuzz: ${INPUTS} inputs -> frames that re-encode byte for byte, or DubboErrors; bounded buffering; stream and one-shot agree`, async () => {
  const { seed, stats } = await fuzzTest(dubboFuzzTarget(), { inputs: INPUTS });
  withSeed(seed, () => assert.ok(stats.accepted > INPUTS / 20 && stats.rejected > INPUTS / 20, `${stats.accepted} accepted, ${stats.rejected} rejected`));
});
