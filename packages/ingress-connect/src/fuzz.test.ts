// Fuzz (seeded, fresh seed per run; replay with MOSAIC_FUZZ_SEED): the ingress message path gets mutated gRPC envelopes and Connect JSON; only the libraries' own errors come out.
import { test } from "node:test"
import assert from "node:assert/strict"
import { fuzzTest, withSeed } from "@mosaic/bytes/testing"
import { ingressGrpcFuzzTarget, ingressJsonFuzzTarget } from "./fuzz.fixture.ts"

const INPUTS = 10_000

for (const target of [ingressGrpcFuzzTarget(), ingressJsonFuzzTarget()]) {
  test(`fuzz ${target.name}: ${INPUTS} inputs decode (and re-encode to equal messages) or fail with the libraries' own errors`, async () => {
    const { seed, stats } = await fuzzTest(target, { inputs: INPUTS })
    withSeed(seed, () => assert.ok(stats.accepted > INPUTS / 50 && stats.rejected > INPUTS / 50, `${stats.accepted} accepted, ${stats.rejected} rejected`))
  })
}
