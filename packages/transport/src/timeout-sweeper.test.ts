import { test } from "node:test"
import assert from "node:assert/strict"
import { type Expiring, TimeoutSweeper } from "./timeout-sweeper.ts"

const item = (log: Array<string>, name: string): Expiring => ({ expireAt: 0, onExpire: () => void log.push(name) })

test("fires only what passed, once, with an injected clock", () => {
  let now = 1000
  const s = new TimeoutSweeper(50, () => now)
  const log: Array<string> = []
  const a = item(log, "a"), b = item(log, "b")
  s.arm(a, 100)
  s.arm(b, 300)
  s.sweep()
  assert.deepEqual(log, [])
  now = 1100
  s.sweep()
  assert.deepEqual(log, ["a"])
  s.sweep()
  assert.deepEqual(log, ["a"])
  s.arm(b, 10) // re-arm moves the deadline
  now = 1110
  s.sweep()
  assert.deepEqual(log, ["a", "b"])
  assert.equal(s.size, 0)
  s.close()
})

test("0 disarms; disarm keeps an item from firing", () => {
  let now = 0
  const s = new TimeoutSweeper(50, () => now)
  const log: Array<string> = []
  const a = item(log, "a")
  s.arm(a, 10)
  s.arm(a, 0)
  const b = item(log, "b")
  s.arm(b, 10)
  s.disarm(b)
  now = 100
  s.sweep()
  assert.deepEqual(log, [])
  s.close()
})

test("the real interval fires within a few ticks and stops when empty", async () => {
  const s = new TimeoutSweeper(10)
  // the sweeper's interval is unref'd: keep the event loop alive while waiting (Deno ends a test whose only timer is unref'd)
  const keepAlive = setTimeout(() => {}, 5000)
  const fired = new Promise<void>((resolve) => s.arm({ expireAt: 0, onExpire: resolve }, 20))
  await fired
  clearTimeout(keepAlive)
  assert.equal(s.size, 0)
  s.close()
})
