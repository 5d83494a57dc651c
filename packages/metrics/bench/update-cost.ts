// Per-update cost of @mosaic/metrics (and prom-client when it resolves, e.g. NODE_PATH or a scratch install), ns per update.
// Run: node --conditions=@mosaic/source packages/metrics/bench/update-cost.ts [path to prom-client]
import { Registry } from "../src/registry.ts"

const N = 5_000_000
const time = (label: string, f: (i: number) => void): void => {
  for (let i = 0; i < 200_000; i++) f(i) // warm up
  let best = Infinity
  for (let round = 0; round < 5; round++) {
    const t0 = performance.now()
    for (let i = 0; i < N; i++) f(i)
    best = Math.min(best, ((performance.now() - t0) * 1e6) / N)
  }
  console.log(`${label.padEnd(58)} ${best.toFixed(1)} ns`)
}

const ours = new Registry()
const c = ours.counter("bench_total", "b", ["listener", "code_class"]).labels("l", "2xx")
const h = ours.histogram("bench_seconds", "b", ["m"], [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]).labels("x")
const byLabels = ours.counter("bench_calls_total", "b", ["service", "method", "code"])
const services = ["a.Svc", "b.Svc", "c.Svc", "d.Svc"]
time("mosaic: bound counter inc", () => c.inc())
time("mosaic: bound histogram observe (14 buckets)", (i) => h.observe((i & 1023) / 10000))
time("mosaic: labels(service, method, code).inc (3-level lookup)", (i) => byLabels.labels(services[i & 3]!, "Echo", "0").inc())

const spec = process.argv[2]
if (spec !== undefined) {
  const prom = await import(spec) as typeof import("prom-client")
  const reg = new prom.Registry()
  const pc = new prom.Counter({ name: "bench_total", help: "b", labelNames: ["listener", "code_class"], registers: [reg] }).labels("l", "2xx")
  const ph = new prom.Histogram({ name: "bench_seconds", help: "b", labelNames: ["m"], buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [reg] }).labels("x")
  const pl = new prom.Counter({ name: "bench_calls_total", help: "b", labelNames: ["service", "method", "code"], registers: [reg] })
  time("prom-client: bound counter inc", () => pc.inc())
  time("prom-client: bound histogram observe (14 buckets)", (i) => ph.observe((i & 1023) / 10000))
  time("prom-client: labels(service, method, code).inc", (i) => pl.labels(services[i & 3]!, "Echo", "0").inc())
}
