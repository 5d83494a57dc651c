// Tests: the `fault` stream filter: delay and abort percentages over many requests, cluster and header conditions.
import { test } from "node:test"
import assert from "node:assert/strict"
import { getHeader } from "@mosaic/protocol-http1"
import { get, runProxy, startUpstream, text } from "../../../test-support/harness.ts"
import { filterConfig, pool, timed } from "../../../test-support/streams.ts"

/** Binomial bounds: n * p within 5 standard deviations (a false failure is far below one in a million). */
const near = (got: number, n: number, p: number, what: string) => {
  const sd = Math.sqrt(n * p * (1 - p))
  assert.ok(Math.abs(got - n * p) <= 5 * sd, `${what}: ${got} of ${n}, expected about ${n * p}`)
}

test("fault delay: about `percentage` % of requests wait `fixed_delay`, the rest do not", async () => {
  const up = await startUpstream((_q, res) => res.end("ok"))
  const p = await runProxy(filterConfig({ c: [up.address] }, [{ match: { prefix: "/" }, route: { cluster_name: "c" } }], [
    { type: "fault", config: { delay: { fixed_delay: "60ms", percentage: 30 } } }
  ]))
  const n = 200
  const results = await pool(n, 25, () => timed(p.port()))
  assert.ok(results.every((r) => r.res.status === 200))
  const delayed = results.filter((r) => r.ms >= 58).length
  near(delayed, n, 0.3, "delayed")
  assert.ok(results.every((r) => r.ms < 60 + 200), "no request waits much longer than the delay")
  await p.close()
  await up.close()
})

test("fault abort: about `percentage` % of requests get `status` without reaching the upstream; fault_inject is an alias", async () => {
  const up = await startUpstream((_q, res) => res.end("ok"))
  for (const type of ["fault", "fault_inject"]) {
    const before = up.requests
    const p = await runProxy(filterConfig({ c: [up.address] }, [{ match: { prefix: "/" }, route: { cluster_name: "c" } }], [
      { type, config: { abort: { status: 503, percentage: 40 } } }
    ]))
    const n = 300
    const results = await pool(n, 25, () => timed(p.port()))
    const aborted = results.filter((r) => r.res.status === 503)
    near(aborted.length, n, 0.4, `${type} aborted`)
    assert.equal(getHeader(aborted[0]!.res.headers, "x-mosaic-hijack"), "fault injected")
    assert.equal(up.requests - before, n - aborted.length)
    await p.close()
  }
  await up.close()
})

test("fault conditions: upstream_cluster and headers; delay then abort when both hit; MOSN's delay_percent form", async () => {
  const up = await startUpstream((_q, res) => res.end("ok"))
  const routers = [
    { match: { prefix: "/a" }, route: { cluster_name: "a" } },
    { match: { prefix: "/b" }, route: { cluster_name: "b" } }
  ]
  const p = await runProxy(filterConfig({ a: [up.address], b: [up.address] }, routers, [
    {
      type: "fault",
      config: { upstream_cluster: "a", headers: [{ name: "x-chaos", value: "on" }], delay: { fixed_delay: "50ms", percentage: 100 }, abort: { status: 418, percentage: 100 } }
    },
    { type: "fault_inject", config: { delay_percent: 100, delay_duration: "30ms", upstream_cluster: "b" } }
  ]))
  const hit = await timed(p.port(), get("/a", { "x-chaos": "on" }))
  assert.equal(hit.res.status, 418)
  assert.ok(hit.ms >= 48, `abort after the delay: ${hit.ms.toFixed(0)} ms`)
  const noHeader = await timed(p.port(), get("/a"))
  assert.deepEqual([noHeader.res.status, text(noHeader.res)], [200, "ok"])
  assert.ok(noHeader.ms < 30)
  const b = await timed(p.port(), get("/b", { "x-chaos": "on" }))
  assert.equal(b.res.status, 200)
  assert.ok(b.ms >= 28, `network-filter form delay: ${b.ms.toFixed(0)} ms`)
  await p.close()
  await up.close()
})
