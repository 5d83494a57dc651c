// The registry: series per label values, the cap folding into "other", get-or-create, exposition text 0.0.4.
import { test } from "node:test"
import assert from "node:assert/strict"
import { Registry } from "./registry.ts"
import { startProcessMetrics } from "./process-metrics.ts"

test("counters and gauges render HELP, TYPE and one line per series, label values escaped", () => {
  const r = new Registry()
  const c = r.counter("mosaic_test_total", "Requests.\nSecond line \\ end", ["listener", "code_class"])
  const a = c.labels("l1", "2xx")
  a.inc()
  a.inc(2)
  a.inc(-5) // a counter never goes down
  c.labels('we"ird\\\n', "5xx").inc()
  assert.equal(c.labels("l1", "2xx"), a, "the same child for the same values")
  const g = r.gauge("mosaic_test_gauge", "A gauge.")
  g.labels().set(1.5)
  g.labels().dec(0.25)
  assert.equal(r.expose(), [
    "# HELP mosaic_test_total Requests.\\nSecond line \\\\ end",
    "# TYPE mosaic_test_total counter",
    'mosaic_test_total{listener="l1",code_class="2xx"} 3',
    'mosaic_test_total{listener="we\\"ird\\\\\\n",code_class="5xx"} 1',
    "# HELP mosaic_test_gauge A gauge.",
    "# TYPE mosaic_test_gauge gauge",
    "mosaic_test_gauge 1.25",
    ""
  ].join("\n"))
})

test("histograms: cumulative buckets with le, +Inf, sum and count", () => {
  const r = new Registry()
  const h = r.histogram("mosaic_test_seconds", "Durations.", ["m"], [0.1, 1])
  const s = h.labels("x")
  for (const v of [0.05, 0.1, 0.5, 3]) s.observe(v)
  assert.equal(r.expose(), [
    "# HELP mosaic_test_seconds Durations.",
    "# TYPE mosaic_test_seconds histogram",
    'mosaic_test_seconds_bucket{m="x",le="0.1"} 2',
    'mosaic_test_seconds_bucket{m="x",le="1"} 3',
    'mosaic_test_seconds_bucket{m="x",le="+Inf"} 4',
    'mosaic_test_seconds_sum{m="x"} 3.65',
    'mosaic_test_seconds_count{m="x"} 4',
    ""
  ].join("\n"))
})

test("the cap on distinct values of a label folds the rest into other", () => {
  const r = new Registry({ maxLabelValues: 3 })
  const c = r.counter("mosaic_calls_total", "Calls.", ["service", "method"])
  for (let i = 0; i < 10; i++) c.labels(`svc${i}`, "m").inc()
  c.labels("svc1", "m").inc() // admitted before the cap: its own series
  const text = r.expose()
  assert.match(text, /mosaic_calls_total\{service="svc0",method="m"\} 1\n/)
  assert.match(text, /mosaic_calls_total\{service="svc1",method="m"\} 2\n/)
  assert.match(text, /mosaic_calls_total\{service="svc2",method="m"\} 1\n/)
  assert.match(text, /mosaic_calls_total\{service="other",method="m"\} 7\n/)
  assert.equal(text.split("\n").filter((l) => l.startsWith("mosaic_calls_total{")).length, 4)
  // methods are capped on their own
  for (let i = 0; i < 5; i++) c.labels("svc0", `m${i}`).inc()
  assert.match(r.expose(), /mosaic_calls_total\{service="svc0",method="other"\} 3\n/)
})

test("get-or-create: the same name and shape is the same family, another shape is an error", () => {
  const r = new Registry()
  const a = r.counter("mosaic_x_total", "X.", ["a"])
  assert.equal(r.counter("mosaic_x_total", "X.", ["a"]), a)
  assert.throws(() => r.gauge("mosaic_x_total", "X.", ["a"]), /already registered as a counter/)
  assert.throws(() => r.counter("mosaic_x_total", "X.", ["b"]), /already registered/)
  assert.throws(() => r.counter("9bad", "X."), /metric name/)
  assert.throws(() => r.histogram("mosaic_h", "H.", ["le"], [1]), /reserved/)
  assert.throws(() => r.histogram("mosaic_h2", "H.", [], [2, 1]), /ascending/)
  assert.throws(() => a.labels(), /1 label values expected/)
})

test("families with no series are left out; collect hooks run at each exposition", () => {
  const r = new Registry()
  r.counter("mosaic_unused_total", "Never bound.", ["x"])
  let n = 0
  const g = r.gauge("mosaic_scrapes", "Scrapes.").labels()
  const remove = r.onCollect(() => g.set(++n))
  assert.match(r.expose(), /^mosaic_scrapes 1$/m)
  assert.match(r.expose(), /^mosaic_scrapes 2$/m)
  remove()
  assert.match(r.expose(), /^mosaic_scrapes 2$/m)
  assert.doesNotMatch(r.expose(), /mosaic_unused_total/)
})

test("process metrics: RSS read at scrape, event-loop delay observed by a timer", async () => {
  const r = new Registry()
  const stop = startProcessMetrics(r, { sampleMs: 10 })
  try {
    const until = Date.now() + 30
    while (Date.now() < until) {} // block the loop ~30 ms: the next tick is late
    await new Promise((resolve) => setTimeout(resolve, 80))
    const text = r.expose()
    const rss = Number(/^process_resident_memory_bytes (\d+)$/m.exec(text)?.[1])
    assert.ok(rss > 1e6, `rss ${rss}`)
    const count = Number(/^mosaic_event_loop_delay_seconds_count (\d+)$/m.exec(text)?.[1])
    assert.ok(count >= 1, text)
    const max = Number(/^mosaic_event_loop_delay_max_seconds (\S+)$/m.exec(text)?.[1])
    assert.ok(max >= 0.01, `max delay ${max} after blocking 30 ms`)
    assert.match(r.expose(), /^mosaic_event_loop_delay_max_seconds \S+$/m)
  } finally {
    stop()
  }
})
