// Fuzz (seeded, fresh seed per run; replay with MOSAIC_FUZZ_SEED): every Thrift framing decoder gets mutated goldens split at random; only frames or TTHeaderErrors come out.
import assert from "node:assert/strict"
import { test } from "node:test"
import { fuzzTest, withSeed } from "@mosaic/bytes/testing"
import { ttheaderFuzzTargets } from "./fuzz.fixture.ts"

const INPUTS = 15_000

for (const target of ttheaderFuzzTargets()) {
  test(`fuzz ${target.name}: ${INPUTS} inputs -> frames that round-trip, or TTHeaderErrors; bounded buffering; stream and one-shot agree`, async () => {
    const { seed, stats } = await fuzzTest(target, { inputs: INPUTS })
    withSeed(seed, () => assert.ok(stats.accepted > INPUTS / 50 && stats.rejected > INPUTS / 50, `${stats.accepted} accepted, ${stats.rejected} rejected`))
  })
}
