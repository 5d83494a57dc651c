// Tests: LB_LEAST_CONNECTION: P2C by open upstream connections (uniform when equal), weighted mode, unhealthy skipped.
import { test } from "node:test"
import assert from "node:assert/strict"
import { builtinBalancers } from "./builtin-load-balancers.ts"
import { counts, hosts, seeded, shares } from "../../test-support/load-balancing.ts"

const lc = builtinBalancers.get("LB_LEAST_CONNECTION")!

test("equal connections: uniform over 10,000 picks within ±3%", () => {
  const hs = hosts(1, 1, 1, 1)
  for (const h of hs) h.activeConnections = 2
  const got = shares(counts(lc(hs, { random: seeded(7) }), 10_000), hs, 10_000)
  for (const s of got) assert.ok(Math.abs(s - 0.25) < 0.03, `share ${s}`)
})

test("prefers hosts with fewer connections; requests in flight do not count", () => {
  const hs = hosts(1, 1, 1)
  hs[0]!.activeConnections = 5
  hs[1]!.activeConnections = 1
  hs[2]!.activeConnections = 1
  hs[1]!.activeRequests = 50 // ignored: this balancer looks at connections only
  const got = counts(lc(hs, { random: seeded(3) }), 3000)
  // two distinct draws out of three always include one of the 1-connection hosts
  assert.equal(got.get(hs[0]!.address) ?? 0, 0)
  const a = got.get(hs[1]!.address)!
  assert.ok(Math.abs(a / 3000 - 0.5) < 0.04, `ties split evenly: ${a}`)
  // choice_count = number of hosts: always the least connected
  const all = counts(lc(hs, { random: seeded(4), choiceCount: 3 }), 100)
  assert.equal((all.get(hs[1]!.address) ?? 0) + (all.get(hs[2]!.address) ?? 0), 100)
  hs[2]!.activeConnections = 0
  assert.equal(lc(hs, { random: seeded(5), choiceCount: 3 }).choose(undefined), hs[2])
})

test("weighted: share follows weight / (connections + 1)^active_request_bias", () => {
  const hs = hosts(2, 1, 1)
  hs[0]!.activeConnections = 3 // 2 / 4 = 0.5 against 1 and 1
  const got = shares(counts(lc(hs), 2500), hs, 2500)
  assert.ok(Math.abs(got[0]! - 0.2) < 0.01, `busy heavy host ${got[0]}`)
  const idle = hosts(1, 2, 3)
  const even = shares(counts(lc(idle), 6000), idle, 6000)
  ;[1 / 6, 2 / 6, 3 / 6].forEach((want, i) => assert.ok(Math.abs(even[i]! - want) < 0.01, `host ${i}: ${even[i]}`))
  const bias0 = hosts(2, 1, 1)
  bias0[0]!.activeConnections = 3
  const plain = shares(counts(lc(bias0, { activeRequestBias: 0 }), 2000), bias0, 2000)
  assert.ok(Math.abs(plain[0]! - 0.5) < 0.01, `bias 0 ignores connections: ${plain[0]}`)
})

test("unhealthy hosts are skipped; none healthy = undefined", () => {
  for (const ws of [[1, 1, 1], [1, 2, 3]]) {
    const hs = hosts(...ws)
    const lb = lc(hs, { random: seeded(9) })
    hs[1]!.healthy = false
    hs[0]!.activeConnections = 100
    const got = counts(lb, 500)
    assert.equal(got.get(hs[1]!.address) ?? 0, 0)
    assert.ok((got.get(hs[2]!.address) ?? 0) > 0)
    for (const h of hs) h.healthy = false
    assert.equal(lb.choose(undefined), undefined)
  }
  assert.equal(lc([]).choose(undefined), undefined)
})
