// Fuzz (seeded, fresh seed per run; replay with MOSAIC_FUZZ_SEED): mutated messages, split at random, give only messages or Http1Error; messages re-encode.
import { test } from "node:test"
import assert from "node:assert/strict"
import { fuzzSeed, fuzzTest, prng, withSeed } from "@mosaic/bytes/testing"
import { createRequestDecoder, createResponseDecoder } from "./decoders.ts"
import { encodeRequest, encodeResponse } from "./encoder.ts"
import { Http1Error } from "./errors.ts"
import { http1RequestFuzzTarget, http1ResponseFuzzTarget } from "./fuzz.fixture.ts"

const INPUTS = 25_000

for (const target of [http1RequestFuzzTarget(), http1ResponseFuzzTarget()]) {
  test(`fuzz ${target.name}: ${INPUTS} inputs give only messages or Http1Error, however they are split; messages re-encode`, async () => {
    const { seed, stats } = await fuzzTest(target, { inputs: INPUTS })
    withSeed(seed, () => assert.ok(stats.rejected > INPUTS / 50 && stats.accepted > INPUTS / 50, `${stats.accepted} accepted, ${stats.rejected} rejected`))
  })
}

test("fuzz: random encoder input never yields bytes the decoder misreads", () => {
  const seed = fuzzSeed("http1 encoder")
  withSeed(seed, () => {
    const rnd = prng(seed.seed)
    const r = (n: number) => Math.floor(rnd() * n)
    const chars = "aZ09-_ :;,\t/\r\n\u00e9\u0100"
    const word = () => Array.from({ length: r(6) }, () => chars[r(chars.length)]).join("")
    let ok = 0
    for (let i = 0; i < 20_000; i++) {
      const headers = Array.from({ length: 2 * r(4) }, word)
      const body = new TextEncoder().encode(word())
      try {
        const bytes = i & 1
          ? encodeResponse({ status: 200 + r(300), headers, body })
          : encodeRequest({ method: word() || "GET", target: "/" + word(), headers: ["Host", "h", ...headers], body })
        const got: Array<unknown> = []
        const d = i & 1 ? createResponseDecoder({ onResponse: (m) => void got.push(m) }) : createRequestDecoder({ onRequest: (m) => void got.push(m) })
        d.push(bytes)
        assert.equal(got.length, 1)
        ok++
      } catch (e) {
        if (!(e instanceof Http1Error)) throw e
      }
    }
    assert.ok(ok > 100)
  })
})
