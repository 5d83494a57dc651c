// Tests: LB_PEAK_EWMA with an injected clock: uniform when equal, away from a host whose latency jumps, back after decay.
import { test } from "node:test"
import assert from "node:assert/strict"
import { builtinBalancers } from "./builtin-load-balancers.ts"
import { UNSAMPLED_LATENCY_MS } from "./lb-peak-ewma.ts"
import { counts, hosts, seeded, shares } from "../../test-support/load-balancing.ts"

const pe = builtinBalancers.get("LB_PEAK_EWMA")!

test("gives every host a latency estimate; equal latency and load: uniform over 10,000 picks within ±3%", () => {
  const hs = hosts(1, 1, 1, 1)
  let now = 0
  const lb = pe(hs, { random: seeded(11), now: () => now })
  for (const h of hs) assert.ok(h.latency !== undefined)
  for (const h of hs) h.observeLatency(5, 0)
  const got = shares(counts(lb, 10_000), hs, 10_000)
  for (const s of got) assert.ok(Math.abs(s - 0.25) < 0.03, `share ${s}`)
})

test("traffic leaves a host whose latency jumps, and comes back once the peak has decayed", () => {
  const hs = hosts(1, 1, 1)
  let now = 1000
  const lb = pe(hs, { random: seeded(12), now: () => now, decayMs: 1000 })
  for (const h of hs) h.observeLatency(2, now)
  // host 0 answers one request in 200 ms: its estimate jumps to 200 at once
  hs[0]!.observeLatency(200, now)
  const picks = (n: number) => {
    const got = new Map<string, number>()
    for (let i = 0; i < n; i++) {
      const h = lb.choose(undefined)!
      got.set(h.address, (got.get(h.address) ?? 0) + 1)
      h.observeLatency(h === hs[0] ? 200 : 2, now) // host 0 stays slow while it is used
      now += 0.1
    }
    return shares(got, hs, n)
  }
  const slow = picks(3000)
  assert.ok(slow[0]! < 0.01, `slow host share ${slow[0]}`)
  // host 0 is fast again, but nothing samples it: its idle estimate decays (all do), ~ln(100) time
  // constants later it is below the others' and gets requests again
  now += 6000
  assert.ok(hs[0]!.latency!.get(now) < 2, `decayed estimate ${hs[0]!.latency!.get(now)}`)
  const fast = (): Array<number> => {
    const got = new Map<string, number>()
    for (let i = 0; i < 6000; i++) {
      const h = lb.choose(undefined)!
      got.set(h.address, (got.get(h.address) ?? 0) + 1)
      h.observeLatency(2 + (i % 7) * 0.01, now) // equal latency, a little jitter
      now += 0.1
    }
    return shares(got, hs, 6000)
  }
  const back = fast()
  assert.ok(Math.abs(back[0]! - 1 / 3) < 0.05, `host 0 back to a third: ${back}`)
})

test("cost counts requests in flight: latency * (active + 1)^bias", () => {
  const hs = hosts(1, 1)
  const lb = pe(hs, { random: seeded(13), now: () => 0 })
  hs[0]!.observeLatency(10, 0)
  hs[1]!.observeLatency(30, 0)
  assert.equal(lb.choose(undefined), hs[0])
  hs[0]!.activeRequests = 3 // 40 > 30
  assert.equal(lb.choose(undefined), hs[1])
  const hs0 = hosts(1, 1)
  const bias0 = pe(hs0, { random: seeded(16), now: () => 0, activeRequestBias: 0 })
  hs0[0]!.observeLatency(10, 0)
  hs0[1]!.observeLatency(30, 0)
  hs0[0]!.activeRequests = 3
  assert.equal(bias0.choose(undefined), hs0[0]) // bias 0: latency alone
})

test(`never-sampled hosts: free while idle, ${UNSAMPLED_LATENCY_MS} ms per request in flight until their first answer`, () => {
  const hs = hosts(1, 1)
  const lb = pe(hs, { random: seeded(14), now: () => 0 })
  hs[0]!.observeLatency(50, 0)
  assert.equal(lb.choose(undefined), hs[1]) // idle new host: probed at once
  hs[1]!.activeRequests = 1
  assert.equal(lb.choose(undefined), hs[0]) // 50 * 1 < 10 s * 2
  hs[1]!.observeLatency(5, 0)
  assert.equal(lb.choose(undefined), hs[1]) // 5 * 2 < 50
})

test("weighted: share follows weight / cost; unhealthy skipped; none healthy = undefined", () => {
  const hs = hosts(1, 2)
  let now = 0
  const lb = pe(hs, { now: () => now })
  hs[0]!.observeLatency(10, 0)
  hs[1]!.observeLatency(10, 0)
  const even = shares(counts(lb, 3000), hs, 3000)
  assert.ok(Math.abs(even[1]! - 2 / 3) < 0.01, `by weight: ${even[1]}`)
  hs[1]!.observeLatency(80, 0) // 2/80 against 1/10: host 0 gets 4/5
  const slowed = shares(counts(lb, 3000), hs, 3000)
  assert.ok(Math.abs(slowed[0]! - 0.8) < 0.01, `by weight / latency: ${slowed[0]}`)
  hs[0]!.healthy = false
  assert.deepEqual([...counts(lb, 10).keys()], [hs[1]!.address])
  hs[1]!.healthy = false
  assert.equal(lb.choose(undefined), undefined)
  const eq = hosts(1, 1, 1)
  const lb2 = pe(eq, { random: seeded(15) })
  eq[0]!.healthy = false
  assert.equal(counts(lb2, 200).get(eq[0]!.address), undefined)
  assert.equal(pe([]).choose(undefined), undefined)
})
