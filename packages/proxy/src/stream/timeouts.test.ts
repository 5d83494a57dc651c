// Tests: timeout header parsing, and (real sockets) x-mosn-global-timeout, x-mosn-try-timeout, retry_timeout with a retry.
import { test } from "node:test"
import assert from "node:assert/strict"
import { getHeader } from "@mosaic/protocol-http1"
import { get, runProxy, simpleConfig, startUpstream, text } from "../../test-support/harness.ts"
import { blackHole, timed } from "../../test-support/streams.ts"
import { headerMs, tryTimeoutMs } from "./timeouts.ts"

/** Timers fire a little late on a busy machine; a request must still end within its deadline + 50 ms. */
const within = (ms: number, deadline: number, what: string) =>
  assert.ok(ms >= deadline - 5 && ms <= deadline + 50, `${what}: ${ms.toFixed(0)} ms for a ${deadline} ms deadline`)

test("timeout headers: whole positive milliseconds; a try timeout not below the global one is dropped", () => {
  assert.deepEqual(["250", "1", "0", "-5", "1.5", "abc", "", undefined, "99999999999"].map(headerMs), [250, 1, undefined, undefined, undefined, undefined, undefined, undefined, undefined])
  assert.equal(tryTimeoutMs(1000, 300, undefined), 300)
  assert.equal(tryTimeoutMs(1000, 300, 100), 100)
  assert.equal(tryTimeoutMs(1000, 1000, undefined), 0)
  assert.equal(tryTimeoutMs(200, 0, 500), 0)
})

test("x-mosn-global-timeout overrides the route timeout both ways", async () => {
  const up = await startUpstream((_q, res) => setTimeout(() => res.end("slow"), 250))
  const p = await runProxy(simpleConfig([up.address], { routers: [{ match: { prefix: "/" }, route: { cluster_name: "c", timeout: "1s" } }] }))
  const short = await timed(p.port(), get("/", { "x-mosn-global-timeout": "100" }))
  assert.equal(short.res.status, 504)
  within(short.ms, 100, "header shorter than the route")
  await p.close()
  const p2 = await runProxy(simpleConfig([up.address], { routers: [{ match: { prefix: "/" }, route: { cluster_name: "c", timeout: "100ms" } }] }))
  const long = await timed(p2.port(), get("/", { "x-mosn-global-timeout": "600" }))
  assert.deepEqual([long.res.status, text(long.res)], [200, "slow"])
  const plain = await timed(p2.port())
  assert.equal(plain.res.status, 504)
  within(plain.ms, 100, "route timeout")
  await p2.close()
  await up.close()
})

test("per-try timeout (retry_timeout, x-mosn-try-timeout): a silent host is abandoned and the request retried on another", async () => {
  const hole = await blackHole()
  const up = await startUpstream((_q, res) => res.end("answered"))
  const routers = [{ match: { prefix: "/" }, route: { cluster_name: "c", timeout: "2s", retry_policy: { retry_on: true, num_retries: 1, retry_timeout: "150ms" } } }]
  const p = await runProxy(simpleConfig([], {
    clusters: [{ name: "c", lb_type: "LB_WEIGHTED_ROUNDROBIN", hosts: [{ address: hole.address, weight: 1000 }, { address: up.address, weight: 1 }] }],
    routers
  }))
  const a = await timed(p.port())
  assert.deepEqual([a.res.status, text(a.res)], [200, "answered"])
  assert.ok(a.ms >= 145 && a.ms < 150 + 100, `retried after the per-try timeout: ${a.ms.toFixed(0)} ms`)
  const b = await timed(p.port(), get("/", { "x-mosn-try-timeout": "60" }))
  assert.equal(text(b.res), "answered")
  assert.ok(b.ms >= 55 && b.ms < 60 + 100, `header per-try timeout: ${b.ms.toFixed(0)} ms`)
  // no retry left for a POST that was written: 504 at the per-try timeout
  const c = await timed(p.port(), "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n", "POST")
  assert.deepEqual([c.res.status, getHeader(c.res.headers, "x-mosaic-hijack")], [504, "upstream per-try timeout"])
  within(c.ms, 150, "per-try timeout without a retry")
  await p.close()
  await hole.close()
  await up.close()
})
