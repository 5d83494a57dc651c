// The dashboard sampler over a real registry: per-second rates, error rates, p50/p99 per key, the 5-minute window, groups without families.
import { test } from "node:test"
import assert from "node:assert/strict"
import { DURATION_BUCKETS, Registry } from "@mosaic/metrics"
import { DashboardSampler } from "./dashboard-sampler.ts"
import { histogramQuantile } from "./histogram-quantile.ts"

const bind = (registry: Registry) => {
  const labels = ["listener", "protocol"]
  return {
    requests: registry.counter("mosaic_downstream_request_total", "r", labels),
    classes: registry.counter("mosaic_downstream_rq_xx_total", "x", [...labels, "response_code_class"]),
    time: registry.histogram("mosaic_downstream_request_time_seconds", "t", labels, DURATION_BUCKETS),
    calls: registry.counter("mosaic_invoke_request_total", "c", ["service", "method", "grpc_code"]),
    callTime: registry.histogram("mosaic_invoke_request_time_seconds", "ct", ["service", "method"], DURATION_BUCKETS)
  }
}

test("histogramQuantile interpolates inside the bucket, answers the top bound for +Inf and undefined for none", () => {
  const bounds = [0.001, 0.01, 0.1]
  assert.equal(histogramQuantile(0.5, bounds, [0, 0, 0, 0]), undefined)
  assert.equal(histogramQuantile(0.5, bounds, [10, 0, 0, 0]), 0.0005)
  // 100 observations in (0.001, 0.01]: the median is half way through it
  assert.ok(Math.abs(histogramQuantile(0.5, bounds, [0, 100, 0, 0])! - 0.0055) < 1e-12)
  assert.equal(histogramQuantile(0.99, bounds, [0, 0, 0, 5]), 0.1)
  // 98 fast, 2 slow: p50 in the first bucket, p99 in the slow one
  assert.ok(histogramQuantile(0.5, bounds, [98, 0, 2, 0])! <= 0.001)
  assert.ok(histogramQuantile(0.99, bounds, [98, 0, 2, 0])! > 0.01)
})

test("per-second rates, 5xx and non-OK error rates and p50/p99 per listener and service, summed over the other labels", () => {
  const registry = new Registry()
  const m = bind(registry)
  const sampler = new DashboardSampler(registry, { points: 300 })
  m.requests.labels("web", "Http1").inc(100) // before the first tick: the baseline, never charted
  sampler.tick(10_000)
  assert.equal(sampler.snapshot().time.length, 0)

  m.requests.labels("web", "Http1").inc(30)
  m.requests.labels("web", "Bolt").inc(10)
  m.classes.labels("web", "Http1", "2xx").inc(32)
  m.classes.labels("web", "Http1", "4xx").inc(4)
  m.classes.labels("web", "Bolt", "5xx").inc(4)
  for (let i = 0; i < 40; i++) m.time.labels("web", i % 2 === 0 ? "Http1" : "Bolt").observe(i < 39 ? 0.003 : 3)
  m.calls.labels("Hello:1.0", "/hi", "OK").inc(9)
  m.calls.labels("Hello:1.0", "/bye", "UNAVAILABLE").inc(1)
  for (let i = 0; i < 10; i++) m.callTime.labels("Hello:1.0", i < 5 ? "/hi" : "/bye").observe(0.02)
  sampler.tick(12_000) // two seconds later

  const s = sampler.snapshot()
  assert.deepEqual(s.time, [12])
  assert.equal(s.window_seconds, 300)
  const [listener, cluster, service] = s.groups
  assert.equal(listener!.available, true)
  assert.deepEqual(listener!.missing, [])
  assert.equal(listener!.series.length, 1)
  const web = listener!.series[0]!
  assert.equal(web.key, "web")
  assert.deepEqual(web.rps, [20]) // 40 requests in 2 s
  assert.deepEqual(web.eps, [2]) // 4 5xx (4xx are not errors) in 2 s
  assert.ok(web.p50_ms[0]! > 2.5 && web.p50_ms[0]! <= 5, `p50 ${web.p50_ms[0]}`)
  assert.ok(web.p99_ms[0]! > 2500, `p99 ${web.p99_ms[0]}`)

  assert.equal(cluster!.kind, "cluster")
  assert.equal(cluster!.available, false)
  assert.deepEqual(cluster!.missing, ["mosaic_upstream_request_total", "mosaic_upstream_rq_xx_total", "mosaic_upstream_request_time_seconds"])

  assert.equal(service!.series[0]!.key, "Hello:1.0")
  assert.deepEqual(service!.series[0]!.rps, [5])
  assert.deepEqual(service!.series[0]!.eps, [0.5])
  assert.ok(service!.series[0]!.p50_ms[0]! > 10 && service!.series[0]!.p50_ms[0]! <= 25)

  // a quiet second: zero rates, no latency (a gap); a key seen later is padded with nulls before it
  m.requests.labels("api", "Http1").inc(3)
  sampler.tick(13_000)
  const q = sampler.snapshot().groups[0]!
  assert.deepEqual(q.series.map((x) => x.key), ["web", "api"])
  assert.deepEqual(q.series[0]!.rps, [20, 0])
  assert.deepEqual(q.series[0]!.p99_ms, [web.p99_ms[0], null])
  assert.deepEqual(q.series[1]!.rps, [null, 3])
})

test("the window keeps the last `points` ticks", () => {
  const registry = new Registry()
  const m = bind(registry)
  const sampler = new DashboardSampler(registry, { points: 5 })
  for (let t = 0; t <= 8; t++) {
    m.requests.labels("web", "Http1").inc(t)
    sampler.tick(t * 1000)
  }
  const s = sampler.snapshot()
  assert.deepEqual(s.time, [4, 5, 6, 7, 8])
  assert.deepEqual(s.groups[0]!.series[0]!.rps, [4, 5, 6, 7, 8])
  assert.equal(s.groups[0]!.series[0]!.eps.length, 5)
})

test("start() ticks on an unref'd timer and stops", async () => {
  const registry = new Registry()
  const m = bind(registry)
  const sampler = new DashboardSampler(registry, { intervalMs: 50 })
  const stop = sampler.start()
  m.requests.labels("web", "Http1").inc(7)
  const deadline = Date.now() + 10_000
  while (sampler.snapshot().time.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
  stop()
  const s = sampler.snapshot()
  assert.ok(s.time.length >= 2)
  const n = s.time.length
  await new Promise((r) => setTimeout(r, 200))
  assert.equal(sampler.snapshot().time.length, n, "no tick after stop")
  // the 7 requests are in the rates: rate × interval adds up to them
  const series = s.groups[0]!.series[0]!
  const sum = series.rps.reduce<number>((a, v, i) => a + (v ?? 0) * (i === 0 ? 0.05 : s.time[i]! - s.time[i - 1]!), 0)
  assert.ok(sum > 0 && sum <= 7 * 2, `sum ${sum}`)
})
