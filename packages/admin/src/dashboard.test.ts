// The dashboard's routes over real sockets: the page and its assets (uPlot from the installed package), the sampled JSON, off when not wanted.
import { test } from "node:test"
import assert from "node:assert/strict"
import { makeLifecycle, makeLogger } from "@mosaic/kernel"
import { DURATION_BUCKETS, Registry } from "@mosaic/metrics"
import type { AdminSource } from "./admin-source.ts"
import { startAdmin, type AdminOptions } from "./admin-server.ts"
import type { DashboardSnapshot } from "./dashboard-sampler.ts"

const start = (registry: Registry | undefined, options: AdminOptions = {}) => {
  const source: AdminSource = {
    lifecycle: makeLifecycle(),
    ...(registry === undefined ? {} : { metrics: () => registry.expose(), registry }),
    config: () => ({}),
    stats: () => ({}),
    clusters: () => ({ clusters: [] }),
    listeners: () => ({ listeners: [] }),
    serverInfo: () => ({ name: "mosaic" }),
    reload: async () => {},
    logger: makeLogger("INFO", () => {})
  }
  return startAdmin(source, { port: 0, ...options })
}

test("GET / is the page; its script, styles and uPlot are served from the package, no other origin named", async () => {
  const admin = await start(new Registry())
  try {
    const base = `http://127.0.0.1:${admin.port}`
    const page = await fetch(`${base}/`)
    assert.equal(page.status, 200)
    assert.match(page.headers.get("content-type")!, /^text\/html/)
    const html = await page.text()
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)
    assert.deepEqual(refs.filter((r) => !r.startsWith("data:")), ["/dashboard/uplot.css", "/dashboard/dashboard.css", "/dashboard/uplot.js", "/dashboard/dashboard.js"])
    for (const ref of refs.filter((r) => r.startsWith("/"))) {
      const r = await fetch(base + ref)
      assert.equal(r.status, 200, ref)
      assert.match(r.headers.get("content-type")!, ref.endsWith(".js") ? /^text\/javascript/ : /^text\/css/)
      const body = await r.text()
      assert.ok(body.length > 500, ref)
      if (!ref.includes("uplot")) assert.doesNotMatch(body, /https?:\/\//, `${ref} names no other origin`)
    }
    assert.match(await (await fetch(`${base}/dashboard/uplot.js`)).text(), /uPlot/)
    assert.equal((await fetch(`${base}/`, { method: "POST" })).status, 405)
  } finally {
    await admin.close()
  }
})

test("/api/v1/dashboard: the sampler's points a second apart, with the requests counted in between", async () => {
  const registry = new Registry()
  const requests = registry.counter("mosaic_downstream_request_total", "r", ["listener", "protocol"]).labels("web", "Http1")
  registry.histogram("mosaic_downstream_request_time_seconds", "t", ["listener", "protocol"], DURATION_BUCKETS)
  const admin = await start(registry)
  try {
    const get = async () => (await (await fetch(`http://127.0.0.1:${admin.port}/api/v1/dashboard`)).json()) as DashboardSnapshot & { metrics: boolean }
    requests.inc(5)
    const deadline = Date.now() + 15_000
    let s = await get()
    while (s.time.length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100))
      s = await get()
    }
    assert.equal(s.metrics, true)
    assert.equal(s.interval_seconds, 1)
    assert.equal(s.window_seconds, 300)
    assert.ok(s.time.length >= 2, `points: ${s.time.length}`)
    assert.ok(s.time[1]! - s.time[0]! >= 0.5, "about a second apart")
    const web = s.groups.find((g) => g.kind === "listener")!.series.find((x) => x.key === "web")!
    const counted = web.rps.reduce<number>((a, v, i) => a + (v ?? 0) * (i === 0 ? 1 : s.time[i]! - s.time[i - 1]!), 0)
    assert.ok(Math.abs(counted - 5) < 0.5, `5 requests counted once (got ${counted})`)
    assert.deepEqual(s.groups.map((g) => [g.kind, g.available]), [["listener", true], ["cluster", false], ["service", false]])
  } finally {
    await admin.close()
  }
})

test("no registry: the page still loads and the JSON says metrics are off; a paths-limited or dashboard: false admin has no page", async () => {
  let admin = await start(undefined)
  try {
    assert.equal((await fetch(`http://127.0.0.1:${admin.port}/`)).status, 200)
    assert.deepEqual(await (await fetch(`http://127.0.0.1:${admin.port}/api/v1/dashboard`)).json(), { metrics: false, time: [], groups: [] })
  } finally {
    await admin.close()
  }
  admin = await start(new Registry(), { paths: ["/metrics"] })
  try {
    assert.equal((await fetch(`http://127.0.0.1:${admin.port}/`)).status, 404)
    assert.equal((await fetch(`http://127.0.0.1:${admin.port}/api/v1/dashboard`)).status, 404)
  } finally {
    await admin.close()
  }
  admin = await start(new Registry(), { dashboard: false })
  try {
    assert.equal((await fetch(`http://127.0.0.1:${admin.port}/`)).status, 404)
    assert.equal((await fetch(`http://127.0.0.1:${admin.port}/dashboard/uplot.js`)).status, 404)
  } finally {
    await admin.close()
  }
})
