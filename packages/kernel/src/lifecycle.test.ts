import { test } from "node:test"
import assert from "node:assert/strict"
import { Effect } from "effect"
import { makeLifecycle } from "./lifecycle.ts"

test("shutdown stops accepting, runs stop hooks, and waits for in-flight work", async () => {
  const lc = makeLifecycle()
  let stopped = 0
  await Effect.runPromise(Effect.scoped(Effect.gen(function*() {
    yield* lc.onStop(() => { stopped++ })
    assert.equal(lc.begin(), true)
    setTimeout(() => lc.end(), 30)
    const t0 = Date.now()
    const r = yield* lc.shutdown(1000)
    assert.deepEqual(r, { drained: true, left: 0 })
    assert.ok(Date.now() - t0 >= 25)
    assert.equal(lc.begin(), false)
    assert.equal(stopped, 1)
  })))
})

test("shutdown gives up at the deadline and says how many were left", async () => {
  const lc = makeLifecycle()
  lc.begin()
  lc.begin()
  const t0 = Date.now()
  const r = await Effect.runPromise(lc.shutdown(50))
  assert.deepEqual(r, { drained: false, left: 2 })
  assert.ok(Date.now() - t0 < 500)
})
