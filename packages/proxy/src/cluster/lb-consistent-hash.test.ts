// Tests: LB_MAGLEV and LB_RINGHASH: spread, weights, remapping on host add/remove, unhealthy hosts, missing keys.
import { test } from "node:test"
import assert from "node:assert/strict"
import { Host } from "./host.ts"
import { buildMaglevTable, MAGLEV_TABLE_SIZE } from "./lb-maglev.ts"
import { builtinBalancers } from "./builtin-load-balancers.ts"
import type { BalancerMaker } from "./load-balancer.ts"
import { counts, seeded, shares } from "../../test-support/load-balancing.ts"

const maglev = builtinBalancers.get("LB_MAGLEV")!
const ring = builtinBalancers.get("LB_RINGHASH")!
const KEYS = Array.from({ length: 10_000 }, (_, i) => `user-${i}`)
const host = (i: number, weight = 1) => new Host({ address: `10.0.${i >> 8}.${i & 255}:8080`, weight })
const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => host(from + i))

/** key -> host address for every key. */
const assign = (make: BalancerMaker, hs: ReadonlyArray<Host>): Map<string, string> => {
  const lb = make(hs)
  return new Map(KEYS.map((k) => [k, lb.choose({ hashKey: k })!.address]))
}
const moved = (a: Map<string, string>, b: Map<string, string>) => KEYS.filter((k) => a.get(k) !== b.get(k))

for (const [name, make] of [["LB_MAGLEV", maglev], ["LB_RINGHASH", ring]] as const) {
  test(`${name}: the same key always lands on the same host; 10 hosts share 10,000 keys within ±3% of 10%`, () => {
    const hs = range(10)
    const a = assign(make, hs)
    const b = assign(make, [...hs].reverse()) // host order does not matter
    assert.equal(moved(a, b).length, 0)
    const got = shares(counts(make(hs), KEYS.length, (i) => ({ hashKey: KEYS[i] })), hs, KEYS.length)
    for (const s of got) assert.ok(Math.abs(s - 0.1) < 0.03, `share ${s}`)
  })

  test(`${name}: adding an 11th host moves at most 1/11 + 2% of 10,000 keys, all of them to the new host`, () => {
    const before = assign(make, range(10))
    const after = assign(make, range(11))
    const m = moved(before, after)
    assert.ok(m.length <= KEYS.length * (1 / 11 + 0.02), `${m.length} moved`)
    const toNew = m.filter((k) => after.get(k) === host(10).address).length
    // ring hash: exactly; Maglev: nearly (its table shifts a few slots between old hosts too)
    assert.ok(toNew >= m.length * (name === "LB_RINGHASH" ? 1 : 0.9), `${toNew} of ${m.length} to the new host`)
  })

  test(`${name}: an unhealthy host's keys move to others; no other key moves; back when healthy`, () => {
    const hs = range(10)
    const lb = make(hs)
    const pick = () => new Map(KEYS.map((k) => [k, lb.choose({ hashKey: k })!.address]))
    const before = pick()
    hs[3]!.healthy = false
    const during = pick()
    const m = moved(before, during)
    assert.ok(m.length > 0)
    assert.ok(m.every((k) => before.get(k) === hs[3]!.address), "only the unhealthy host's keys move")
    assert.ok(![...during.values()].includes(hs[3]!.address))
    hs[3]!.healthy = true
    assert.equal(moved(before, pick()).length, 0)
    for (const h of hs) h.healthy = false
    assert.equal(lb.choose({ hashKey: "x" }), undefined)
  })

  test(`${name}: weights 1:2:3 within ±3%; no key: any healthy host`, () => {
    const hs = [host(0, 1), host(1, 2), host(2, 3)]
    const got = shares(counts(make(hs), KEYS.length, (i) => ({ hashKey: KEYS[i] })), hs, KEYS.length)
    ;[1 / 6, 2 / 6, 3 / 6].forEach((want, i) => assert.ok(Math.abs(got[i]! - want) < 0.03, `host ${i}: ${got[i]}`))
    const random = make(hs, { random: seeded(9) })
    assert.equal(counts(random, 3000).size, 3)
    assert.equal(make([]).choose({ hashKey: "k" }), undefined)
  })
}

test("LB_RINGHASH: removing a host moves only that host's keys", () => {
  const hs = range(10)
  const before = assign(ring, hs)
  const after = assign(ring, hs.filter((_, i) => i !== 6))
  const m = moved(before, after)
  assert.ok(m.length > 0 && m.every((k) => before.get(k) === hs[6]!.address))
})

test("LB_MAGLEV: removing a host (table rebuilt) moves its keys and at most 2% of the others", () => {
  const hs = range(10)
  const before = assign(maglev, hs)
  const after = assign(maglev, hs.filter((_, i) => i !== 6))
  const m = moved(before, after)
  const others = m.filter((k) => before.get(k) !== hs[6]!.address).length
  assert.ok(others <= KEYS.length * 0.02, `${others} other keys moved`)
})

test("Maglev table: 65537 slots, all filled, shared in proportion to weight", () => {
  const hs = [host(0, 1), host(1, 1), host(2, 2)]
  const t = buildMaglevTable(hs)
  assert.equal(t.length, MAGLEV_TABLE_SIZE)
  const per = [0, 0, 0]
  for (const i of t) per[i]!++
  assert.equal(per[0]! + per[1]! + per[2]!, MAGLEV_TABLE_SIZE)
  assert.ok(Math.abs(per[2]! / MAGLEV_TABLE_SIZE - 0.5) < 0.001, `${per}`)
})
