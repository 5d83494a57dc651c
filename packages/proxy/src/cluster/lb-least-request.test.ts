// Tests: LB_LEAST_REQUEST: power of two choices, weights (weight / (active+1)), idle hosts preferred, unhealthy skipped.
import { test } from "node:test"
import assert from "node:assert/strict"
import { builtinBalancers } from "./builtin-load-balancers.ts"
import { counts, hosts, seeded, shares } from "../../test-support/load-balancing.ts"

const lr = builtinBalancers.get("LB_LEAST_REQUEST")!

test("equal weights, all idle: uniform over 10,000 picks within ±3%", () => {
  const hs = hosts(1, 1, 1, 1)
  const got = shares(counts(lr(hs, { random: seeded(1) }), 10_000), hs, 10_000)
  for (const s of got) assert.ok(Math.abs(s - 0.25) < 0.03, `share ${s}`)
})

test("weights 1:2:3, all idle: within ±3% of 1/6, 2/6, 3/6", () => {
  const hs = hosts(1, 2, 3)
  const got = shares(counts(lr(hs), 10_000), hs, 10_000)
  ;[1 / 6, 2 / 6, 3 / 6].forEach((want, i) => assert.ok(Math.abs(got[i]! - want) < 0.03, `host ${i}: ${got[i]}`))
})

test("prefers idle hosts: a busy host is never picked by two distinct choices (equal weights)", () => {
  const hs = hosts(1, 1, 1)
  hs[0]!.activeRequests = 10
  const got = counts(lr(hs, { random: seeded(2) }), 3000)
  assert.equal(got.get(hs[0]!.address) ?? 0, 0)
  // requests piling up on the picked host steer the next picks away from it: the load stays even
  const hs2 = hosts(1, 1, 1, 1)
  const lb2 = lr(hs2, { random: seeded(4) })
  for (let i = 0; i < 400; i++) lb2.choose(undefined)!.activeRequests++
  const active = hs2.map((h) => h.activeRequests)
  assert.ok(Math.max(...active) - Math.min(...active) <= 2, `in flight ${active}`)
})

test("weighted: a host with requests in flight loses share as weight / (active + 1)", () => {
  const hs = hosts(2, 1, 1)
  hs[0]!.activeRequests = 3 // effective 2/4 = 0.5 against 1 and 1
  const got = shares(counts(lr(hs), 2500), hs, 2500)
  assert.ok(Math.abs(got[0]! - 0.2) < 0.01, `busy heavy host ${got[0]}`)
  const biasZero = hosts(2, 1, 1)
  biasZero[0]!.activeRequests = 3
  const plain = shares(counts(lr(biasZero, { activeRequestBias: 0 }), 2000), biasZero, 2000)
  assert.ok(Math.abs(plain[0]! - 0.5) < 0.01, `bias 0 ignores load: ${plain[0]}`)
})

test("unhealthy hosts are skipped (both modes); none healthy = undefined", () => {
  for (const ws of [[1, 1, 1], [1, 2, 3]]) {
    const hs = hosts(...ws)
    const lb = lr(hs, { random: seeded(5) })
    hs[1]!.healthy = false
    const got = counts(lb, 1000)
    assert.equal(got.get(hs[1]!.address) ?? 0, 0)
    assert.equal((got.get(hs[0]!.address) ?? 0) + (got.get(hs[2]!.address) ?? 0), 1000)
    hs[0]!.healthy = false
    hs[2]!.healthy = false
    assert.equal(lb.choose(undefined), undefined)
  }
  assert.equal(lr([]).choose(undefined), undefined)
})
