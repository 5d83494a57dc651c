// Fuzz (seeded, fresh seed per run; replay with MOSAIC_FUZZ_SEED): random and mutated headers into every codec's read and back out through write; nothing throws, one hop is stable.
import { test } from "node:test"
import assert from "node:assert/strict"
import { fuzzTest, withSeed } from "@mosaic/bytes/testing"
import { transmetaFuzzTarget } from "./fuzz.fixture.ts"

const INPUTS = 2000

test(`fuzz: ${INPUTS} random header maps: every codec reads without throwing, output is well-formed, write/read is stable`, async () => {
  const { seed, stats } = await fuzzTest(transmetaFuzzTarget(), { inputs: INPUTS })
  withSeed(seed, () => assert.ok(stats.accepted > INPUTS / 10, `${stats.accepted} inputs gave any meta`))
})
