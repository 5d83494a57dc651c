// Fuzz (seeded, fresh seed per run; replay with MOSAIC_FUZZ_SEED): mutated bodies only ever decode or throw HessianError, and typed values re-encode stably.
import { test } from "node:test"
import assert from "node:assert/strict"
import { fuzzTest, toHex, withSeed } from "@mosaic/bytes/testing"
import { HessianError } from "./hessian-error.ts"
import { hessianCorpus, hessianFuzzTargets, LIMITS } from "./fuzz.fixture.ts"
import { createReader, type ReaderOptions } from "./reader.ts"

const INPUTS = 40_000

for (const target of hessianFuzzTargets()) {
  test(`fuzz ${target.name}: ${INPUTS} inputs only ever decode or throw HessianError; typed values re-encode stably`, async () => {
    const { seed, stats } = await fuzzTest(target, { inputs: INPUTS })
    withSeed(seed, () => assert.ok(stats.rejected > INPUTS / 10 && stats.accepted > INPUTS / 100, `${stats.accepted} accepted, ${stats.rejected} rejected`))
  })
}

const dialects: Array<ReaderOptions> = [{ limits: LIMITS }, { limits: LIMITS, dialect: "2.0" }, { limits: LIMITS, dialect: "draft" }, { limits: LIMITS, withType: true, maps: "map", longs: "bigint" }]

test("fuzz: every prefix of every corpus body decodes or throws HessianError", () => {
  for (const body of hessianCorpus()) {
    for (let n = 0; n <= body.length; n++) {
      for (const options of dialects) {
        try {
          const reader = createReader(body.subarray(0, n), options)
          while (!reader.done) reader.read()
        } catch (e) {
          assert.ok(e instanceof HessianError, `prefix ${n} of ${toHex(body)}: ${String(e)}`)
        }
      }
    }
  }
})
