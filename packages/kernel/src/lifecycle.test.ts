import { test } from "node:test"
import assert from "node:assert/strict"
import { Effect } from "effect"
import { makeLifecycle } from "./lifecycle.ts"

test("states: INIT, UP after ready, DOWN once shutdown began", async () => {
  const lc = makeLifecycle()
  assert.equal(lc.state(), "INIT")
  lc.ready()
  assert.equal(lc.state(), "UP")
  await Effect.runPromise(lc.shutdown(10))
  assert.equal(lc.state(), "DOWN")
  lc.ready()
  assert.equal(lc.state(), "DOWN")
  assert.equal(lc.draining(), true)
})

test("shutdown stops accepting first, then waits for every call, including ones that came in while draining", async () => {
  const lc = makeLifecycle()
  const order: Array<string> = []
  await Effect.runPromise(Effect.scoped(Effect.gen(function*() {
    yield* lc.onStop(() => void order.push(`stop with ${lc.inFlight()} in flight, state ${lc.state()}`))
    lc.enter()
    setTimeout(() => {
      lc.enter() // accepted on an open connection during the drain: counted, never refused
      lc.exit()
      setTimeout(() => {
        order.push("last call done")
        lc.exit()
      }, 20)
    }, 20)
    const r = yield* lc.shutdown(2000)
    order.push(`drained ${r.drained} left ${r.left}`)
  })))
  assert.deepEqual(order, ["stop with 1 in flight, state DOWN", "last call done", "drained true left 0"])
})

test("shutdown gives up at the deadline and says how many were left", async () => {
  const lc = makeLifecycle()
  lc.enter()
  lc.enter()
  const t0 = Date.now()
  const r = await Effect.runPromise(lc.shutdown(50))
  assert.deepEqual(r, { drained: false, left: 2 })
  assert.ok(Date.now() - t0 < 1000)
})
