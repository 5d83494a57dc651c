import { test } from "node:test"
import assert from "node:assert/strict"
import { Code } from "@mosaic/kernel"
import type { RpcError } from "@mosaic/rpc"
import { Pool } from "./pool.ts"

class FakeConn {
  dead = false
  closed = false
  readonly n: number
  constructor(n: number) { this.n = n }
  close() { this.closed = true; this.dead = true }
}

const makePool = (size: number, idleTimeoutMs = 0) => {
  let dials = 0
  const pool = new Pool<FakeConn>({ size, idleTimeoutMs, dial: async () => new FakeConn(++dials) })
  return { pool, dials: () => dials }
}
const never = () => new AbortController().signal

test("reuses a released connection instead of dialling", async () => {
  const { pool, dials } = makePool(2)
  const a = await pool.acquire(never())
  pool.release(a, true)
  const b = await pool.acquire(never())
  assert.equal(b, a)
  assert.equal(dials(), 1)
  pool.close()
})

test("at most `size` connections; a waiter gets the next released one; waiting ends at the deadline", async () => {
  const { pool, dials } = makePool(1)
  const a = await pool.acquire(never())
  const waiting = pool.acquire(never())
  assert.equal(pool.stats().waiting, 1)
  pool.release(a, true)
  assert.equal(await waiting, a)
  assert.equal(dials(), 1)
  const t0 = Date.now()
  await assert.rejects(pool.acquire(AbortSignal.timeout(50)), (e: RpcError) => e.code === Code.DEADLINE_EXCEEDED && /pool timeout/.test(e.message))
  assert.ok(Date.now() - t0 >= 45)
  assert.equal(pool.stats().waiting, 0)
  pool.close()
})

test("a dead connection is dropped and replaced; releasing a broken one frees its slot for a waiter", async () => {
  const { pool, dials } = makePool(1)
  const a = await pool.acquire(never())
  pool.release(a, true)
  a.dead = true
  const b = await pool.acquire(never())
  assert.notEqual(b, a)
  assert.equal(dials(), 2)
  const waiting = pool.acquire(never())
  pool.release(b, false)
  const c = await waiting
  assert.equal(c.n, 3)
  assert.equal(b.closed, true)
  pool.close()
})

test("idle connections are closed after the idle timeout", async () => {
  const { pool } = makePool(2, 60)
  const a = await pool.acquire(never())
  pool.release(a, true)
  await new Promise((r) => setTimeout(r, 200))
  assert.equal(a.closed, true)
  assert.deepEqual(pool.stats(), { active: 0, idle: 0, waiting: 0 })
  pool.close()
})

test("a failed dial frees the slot and rejects only that caller", async () => {
  let fail = true
  const pool = new Pool<FakeConn>({ size: 1, idleTimeoutMs: 0, dial: async () => { if (fail) throw new Error("refused"); return new FakeConn(1) } })
  await assert.rejects(pool.acquire(never()), /refused/)
  fail = false
  const c = await pool.acquire(never())
  assert.equal(c.n, 1)
  pool.close()
})

test("a waiter that times out leaves the queue; closing the pool fails the waiting ones with UNAVAILABLE", async () => {
  const { pool, dials } = makePool(1)
  const a = await pool.acquire(never())
  const waiting = pool.acquire(never())
  await assert.rejects(pool.acquire(AbortSignal.timeout(20)), (e: RpcError) => e.code === Code.DEADLINE_EXCEEDED)
  pool.release(a, true)
  assert.equal(await waiting, a)
  pool.release(a, true)
  const late = pool.acquire(never())
  assert.equal(await late, a)
  const queued = pool.acquire(never())
  pool.close()
  await assert.rejects(queued, (e: RpcError) => e.code === Code.UNAVAILABLE && /pool closed/.test(e.message))
  assert.equal(dials(), 1)
})
