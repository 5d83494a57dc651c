// Fault tests (real sockets, bounded load): a host killed mid-run, silent, resetting and slow hosts; deadlines + 50 ms.
import { test } from "node:test"
import assert from "node:assert/strict"
import { get, runProxy, simpleConfig, sleep, startUpstream, text } from "../../test-support/harness.ts"
import { blackHole, midResponseReset, pool, refusedAddress, timed } from "../../test-support/streams.ts"

const SLACK_MS = 50

const retryRoute = (timeout: string, retryTimeout = "300ms", numRetries = 2) => ({
  match: { prefix: "/" },
  route: { cluster_name: "c", timeout, retry_policy: { retry_on: true, num_retries: numRetries, retry_timeout: retryTimeout } }
})

test("3 hosts, one killed mid-run: 300 GETs at concurrency 20 all succeed (retried elsewhere), each within its deadline + 50 ms", async () => {
  const ups = await Promise.all(["a", "b", "c"].map((name) => startUpstream((_q, res) => setTimeout(() => res.end(name), 2))))
  const p = await runProxy(simpleConfig(ups.map((u) => u.address), { routers: [retryRoute("1s")] }))
  let done = 0
  let killed: Promise<void> | undefined
  const results = await pool(300, 20, async (i) => {
    const r = await timed(p.port(), get(`/${i}`))
    if (++done === 100) killed = ups[1]!.close() // in-flight requests on it are reset, later ones refused
    return r
  })
  await killed
  const statuses = new Map<number, number>()
  for (const r of results) statuses.set(r.res.status, (statuses.get(r.res.status) ?? 0) + 1)
  assert.deepEqual([...statuses], [[200, 300]])
  const slowest = Math.max(...results.map((r) => r.ms))
  assert.ok(slowest <= 1000 + SLACK_MS, `slowest ${slowest.toFixed(0)} ms`)
  const late = results.slice(150).map((r) => text(r.res))
  assert.ok(!late.includes("b"), "nothing answered by the killed host after it died")
  assert.ok(p.proxy.stats().retries > 0)
  await p.close()
  for (const u of [ups[0]!, ups[2]!]) await u.close()
})

test("one healthy host out of three (refused, silent): with retries every request succeeds within its deadline", async () => {
  const hole = await blackHole()
  const refused = await refusedAddress()
  const up = await startUpstream((_q, res) => res.end("ok"))
  const p = await runProxy(simpleConfig([refused, hole.address, up.address], { routers: [retryRoute("1s", "100ms")] }))
  const results = await pool(60, 10, () => timed(p.port()))
  assert.deepEqual(results.map((r) => r.res.status), results.map(() => 200))
  const slowest = Math.max(...results.map((r) => r.ms))
  assert.ok(slowest <= 1000 + SLACK_MS, `slowest ${slowest.toFixed(0)} ms`)
  await p.close()
  await hole.close()
  await up.close()
})

test("a host that accepts and never answers: 504 at the route timeout (+50 ms) without retries; the silent connection is closed", async () => {
  const hole = await blackHole()
  const p = await runProxy(simpleConfig([hole.address], { routers: [{ match: { prefix: "/" }, route: { cluster_name: "c", timeout: "200ms" } }] }))
  const results = await pool(10, 5, () => timed(p.port()))
  for (const r of results) {
    assert.equal(r.res.status, 504)
    assert.ok(r.ms >= 195 && r.ms <= 200 + SLACK_MS, `504 after ${r.ms.toFixed(0)} ms`)
  }
  for (let i = 0; i < 50 && hole.open() > 0; i++) await sleep(10)
  assert.equal(hole.open(), 0)
  await p.close()
  await hole.close()
})

test("a host that resets mid-response: GETs are retried on a good host, POSTs get 502; all within the deadline", async () => {
  const bad = await midResponseReset()
  const good = await startUpstream((_q, res) => res.end("good"))
  const p = await runProxy(simpleConfig([bad.address, good.address], { routers: [retryRoute("500ms")] }))
  const gets = await pool(20, 5, () => timed(p.port()))
  assert.deepEqual(gets.map((r) => text(r.res)), gets.map(() => "good"))
  const posts = await pool(10, 5, () => timed(p.port(), "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n", "POST"))
  const statuses = posts.map((r) => r.res.status)
  assert.ok(statuses.every((s) => s === 200 || s === 502) && statuses.includes(502), statuses.join(","))
  for (const r of [...gets, ...posts]) assert.ok(r.ms <= 500 + SLACK_MS)
  await p.close()
  await bad.close()
  await good.close()
})

test("a slow host: answers before the deadline pass, later ones get 504 on time", async () => {
  const up = await startUpstream((req, res) => setTimeout(() => res.end("slow"), Number(req.url!.slice(1))))
  const p = await runProxy(simpleConfig([up.address], { routers: [{ match: { prefix: "/" }, route: { cluster_name: "c", timeout: "150ms" } }] }))
  const results = await pool(20, 10, (i) => timed(p.port(), get(`/${i % 2 === 0 ? 20 : 400}`)))
  results.forEach((r, i) => {
    if (i % 2 === 0) assert.deepEqual([r.res.status, text(r.res)], [200, "slow"])
    else {
      assert.equal(r.res.status, 504)
      assert.ok(r.ms >= 145 && r.ms <= 150 + SLACK_MS, `504 after ${r.ms.toFixed(0)} ms`)
    }
  })
  await p.close()
  await up.close()
})
