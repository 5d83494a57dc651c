// Tests: the id -> write-time table: matches a Map under random set/take/delete, grows, handles 32-bit ids.
import { test } from "node:test"
import assert from "node:assert/strict"
import { WriteTimes } from "./write-times.ts"
import { seeded } from "../../test-support/load-balancing.ts"

test("behaves like a Map under 20,000 random operations (sequential and scattered ids)", () => {
  const random = seeded(21)
  const t = new WriteTimes()
  const model = new Map<number, number>()
  let next = 0xffff_ff00 // sequential ids wrapping past 2^32 - 1 back to 1, as the upstream connection allocates them
  for (let op = 0; op < 20_000; op++) {
    const r = random()
    if (r < 0.5 || model.size === 0) {
      next = next >= 0xffff_ffff ? 1 : next + 1
      const id = random() < 0.9 ? next : Math.floor(random() * 4096)
      const at = op + random()
      t.set(id, at)
      model.set(id, at)
    } else {
      const keys = [...model.keys()]
      const id = random() < 0.9 ? keys[Math.floor(random() * keys.length)]! : 999_999
      if (r < 0.9) assert.equal(t.take(id), model.get(id) ?? -1)
      else t.delete(id)
      model.delete(id)
    }
    assert.equal(t.size, model.size)
  }
  for (const [id, at] of model) assert.equal(t.take(id), at)
  assert.equal(t.size, 0)
})

test("clear empties it; take of an unknown id is -1", () => {
  const t = new WriteTimes(4)
  for (let i = 1; i <= 100; i++) t.set(i, i * 10)
  assert.equal(t.size, 100)
  assert.equal(t.take(50), 500)
  t.clear()
  assert.equal(t.size, 0)
  assert.equal(t.take(1), -1)
  t.set(7, 1)
  assert.equal(t.take(7), 1)
})
