// Tests: LB_WEIGHTED_ROUNDROBIN proportions, interleaving, unhealthy hosts.
import { test } from "node:test"
import assert from "node:assert/strict"
import { builtinBalancers } from "./builtin-load-balancers.ts"
import { counts, hosts, shares } from "../../test-support/load-balancing.ts"

const wrr = builtinBalancers.get("LB_WEIGHTED_ROUNDROBIN")!

test("weights 1:2:3 over 10,000 picks: within ±3% of 1/6, 2/6, 3/6 (smooth WRR is exact: ±0.1%)", () => {
  const hs = hosts(1, 2, 3)
  const got = shares(counts(wrr(hs), 10_000), hs, 10_000)
  ;[1 / 6, 2 / 6, 3 / 6].forEach((want, i) => assert.ok(Math.abs(got[i]! - want) < 0.001, `host ${i}: ${got[i]}`))
})

test("smooth: 5:1:1 interleaves the heavy host instead of bursting it", () => {
  const hs = hosts(5, 1, 1)
  const lb = wrr(hs)
  const seq = Array.from({ length: 7 }, () => lb.choose(undefined)!.address.slice(-1))
  assert.deepEqual(seq, ["0", "0", "1", "0", "2", "0", "0"])
})

test("unhealthy hosts get nothing; their share goes to the others in proportion; none healthy = undefined", () => {
  const hs = hosts(1, 2, 3)
  const lb = wrr(hs)
  hs[2]!.healthy = false
  const got = shares(counts(lb, 3000), hs, 3000)
  assert.deepEqual(got.map((x) => Math.round(x * 3)), [1, 2, 0])
  hs[0]!.healthy = false
  hs[1]!.healthy = false
  assert.equal(lb.choose(undefined), undefined)
  assert.equal(wrr([]).choose(undefined), undefined)
})
