// Tests: the peak EWMA estimator: first sample, peaks replace at once, lower samples and idle time decay with `decay`.
import { test } from "node:test"
import assert from "node:assert/strict"
import { PeakEwma } from "./peak-ewma.ts"

const near = (got: number, want: number, eps = 1e-9) => assert.ok(Math.abs(got - want) < eps, `${got} != ${want}`)

test("peak-sensitive up, exponential down with time constant `decay`", () => {
  const e = new PeakEwma(1000)
  assert.equal(e.sampled, false)
  e.observe(10, 0)
  assert.equal(e.sampled, true)
  near(e.get(0), 10)
  e.observe(50, 1) // a slower answer replaces the estimate at once
  near(e.get(1), 50)
  const w = Math.exp(-1) // a faster answer a time constant later: blended with the decayed estimate
  e.observe(10, 1001)
  near(e.get(1001), 50 * w * w + 10 * (1 - w))
  const v = e.get(1001)
  near(e.get(3001), v * Math.exp(-2)) // idle: decays toward 0
  e.observe(5, 1001) // same instant: a lower sample has no weight yet
  near(e.get(1001), v)
  e.observe(1, 3001) // a lower sample never raises the estimate
  assert.ok(e.get(3001) <= v * Math.exp(-2) && e.get(3001) >= 1)
  e.observe(v * Math.exp(-2) + 1, 3001) // above the decayed estimate: the new peak
  near(e.get(3001), v * Math.exp(-2) + 1)
})

test("a decay of 0 is taken as 1 ms; negative samples count as 0", () => {
  const e = new PeakEwma(0)
  assert.equal(e.decayMs, 1)
  e.observe(-5, 10)
  near(e.get(10), 0)
})
