// Tests: round-robin, weighted round-robin and random load balancers.
import { test } from "node:test"
import assert from "node:assert/strict"
import { Host } from "./host.ts"
import { builtinBalancers } from "./builtin-load-balancers.ts"

const hosts = (...weights: Array<number>) => weights.map((weight, i) => new Host({ address: `127.0.0.1:${1000 + i}`, weight }))
const counts = (lb: { choose(c: undefined): Host | undefined }, n: number) => {
  const got = new Map<string, number>()
  for (let i = 0; i < n; i++) {
    const h = lb.choose(undefined)
    const k = h?.address ?? "none"
    got.set(k, (got.get(k) ?? 0) + 1)
  }
  return got
}
const rr = builtinBalancers.get("LB_ROUNDROBIN")!
const random = builtinBalancers.get("LB_RANDOM")!

test("round robin visits hosts in turn, skipping unhealthy ones", () => {
  const hs = hosts(1, 1, 1)
  const lb = rr(hs)
  const first = lb.choose(undefined)!
  const seq = [first, lb.choose(undefined)!, lb.choose(undefined)!, lb.choose(undefined)!]
  assert.equal(new Set(seq.slice(0, 3)).size, 3)
  assert.equal(seq[3], first)
  hs[1]!.healthy = false
  assert.deepEqual([...counts(lb, 100).values()], [50, 50])
  for (const h of hs) h.healthy = false
  assert.equal(lb.choose(undefined), undefined)
  assert.equal(rr([]).choose(undefined), undefined)
})

test("weighted round robin gives exact proportions", () => {
  const got = counts(rr(hosts(5, 1, 2)), 800)
  assert.deepEqual([...got.entries()].sort(), [["127.0.0.1:1000", 500], ["127.0.0.1:1001", 100], ["127.0.0.1:1002", 200]])
})

test("random spreads uniformly, or by weight", () => {
  const even = counts(random(hosts(1, 1, 1, 1)), 40_000)
  for (const n of even.values()) assert.ok(n > 9000 && n < 11000, `uniform ${n}`)
  const weighted = counts(random(hosts(3, 1)), 40_000)
  const heavy = weighted.get("127.0.0.1:1000")!
  assert.ok(heavy > 28_500 && heavy < 31_500, `weighted ${heavy}`)
  const hs = hosts(1, 1)
  hs[0]!.healthy = false
  assert.deepEqual([...counts(random(hs), 100).keys()], ["127.0.0.1:1001"])
  assert.equal(random([]).choose(undefined), undefined)
})
