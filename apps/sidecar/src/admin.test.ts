// The admin wired into a runtime (startFromConfig): endpoints over a real proxy, counters, reload, drain, binds, Layotto's sections.
import { after, before, test } from "node:test"
import assert from "node:assert/strict"
import { startFromConfig } from "./main.ts"
import { adminSection, httpGet, invoke, runtimeConfig, sample, startUpstreams, type Upstreams } from "./observability.fixture.ts"

let up: Upstreams
before(async () => {
  up = await startUpstreams()
})
after(async () => {
  await up?.close()
})

const get = async (port: number, path: string) => {
  const r = await fetch(`http://127.0.0.1:${port}${path}`)
  return { status: r.status, text: await r.text() }
}
const json = async <T = any>(port: number, path: string): Promise<T> => JSON.parse((await get(port, path)).text) as T
const post = async (port: number, path: string, body?: unknown) => {
  const r = await fetch(`http://127.0.0.1:${port}${path}`, { method: "POST", ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
  return { status: r.status, body: await r.json() as any }
}

test("the admin of a runtime: listeners, clusters, stats, server_info, redacted config_dump, health UP, counters by code class", async () => {
  const running = await startFromConfig(runtimeConfig({ echoPort: up.echo.port, silentPort: up.silentPort, extra: adminSection() }))
  try {
    const admin = running.admin[0]!.port
    const grpc = running.handle.ingressPorts[0]!
    const listeners = await json<{ listeners: Array<{ name: string; port: number }>; grpc: Array<{ port: number }> }>(admin, "/listeners")
    const proxyPort = listeners.listeners.find((l) => l.name === "egress_http")!.port
    assert.ok(proxyPort > 0)
    assert.deepEqual(listeners.grpc, [{ port: grpc }])
    const clusters = await json<{ clusters: Array<{ name: string; hosts: Array<Record<string, unknown>> }> }>(admin, "/clusters")
    assert.deepEqual(clusters.clusters.map((c) => c.name), ["echo", "silent", "dead"])
    assert.deepEqual(clusters.clusters[0]!.hosts, [{ address: `127.0.0.1:${up.echo.port}`, hostname: `127.0.0.1:${up.echo.port}`, weight: 3, healthy: true, active_requests: 0, active_connections: 0 }])
    const info = await json<Record<string, unknown>>(admin, "/server_info")
    assert.equal(info.state, "UP")
    assert.equal(info.pid, process.pid)
    const dump = (await get(admin, "/api/v1/config_dump")).text
    assert.ok(!dump.includes("MIIEvQIBADANBg"), "the private key is redacted")
    assert.match(dump, /"private_key": "\[redacted\]"/)
    assert.match(dump, /"egress_http"/)
    const ready = await get(admin, "/actuator/health/readiness")
    assert.equal(ready.status, 200)
    const health = JSON.parse(ready.text) as { status: string; components: Record<string, { status: string }> }
    assert.equal(health.status, "UP")
    assert.deepEqual(Object.keys(health.components), ["runtime_startup", "proxy", "grpc"])

    // 5 direct 2xx, 3 direct 404s, 4 InvokeService OK (each also an HTTP/1 2xx through the pipe), 2 DownService (5xx)
    for (let i = 0; i < 5; i++) assert.equal(await httpGet(proxyPort, "/echo/x"), 200)
    for (let i = 0; i < 3; i++) assert.equal(await httpGet(proxyPort, "/nowhere"), 404)
    for (let i = 0; i < 4; i++) assert.equal(await invoke(grpc, "HelloService:1.0", "/hello"), "OK")
    const down = [await invoke(grpc, "DownService", "/x"), await invoke(grpc, "DownService", "/x")]
    assert.equal(down[0], down[1])
    const m = (await get(admin, "/metrics")).text
    const l = 'listener="egress_http",protocol="Http1"'
    assert.equal(sample(m, `mosaic_downstream_request_total{${l}}`), 14)
    assert.equal(sample(m, `mosaic_downstream_rq_xx_total{${l},response_code_class="2xx"}`), 9)
    assert.equal(sample(m, `mosaic_downstream_rq_xx_total{${l},response_code_class="4xx"}`), 3)
    assert.equal(sample(m, `mosaic_downstream_rq_xx_total{${l},response_code_class="5xx"}`), 2)
    assert.equal(sample(m, `mosaic_downstream_request_time_seconds_count{${l}}`), 14)
    assert.equal(sample(m, 'mosaic_invoke_request_total{service="HelloService:1.0",method="/hello",grpc_code="OK"}'), 4)
    assert.equal(sample(m, `mosaic_invoke_request_total{service="DownService",method="/x",grpc_code="${down[0]}"}`), 2)
    assert.equal(sample(m, 'mosaic_invoke_request_time_seconds_count{service="HelloService:1.0",method="/hello"}'), 4)
    assert.equal(sample(m, 'mosaic_lifecycle_state{state="UP"}'), 1)
    assert.ok(sample(m, "process_resident_memory_bytes") > 1e6)
    const stats = await json<{ proxy: { downstreamRequests: number } }>(admin, "/api/v1/stats")
    assert.equal(stats.proxy.downstreamRequests, 14)
  } finally {
    await running.stop(100)
  }
})

test("reload through the admin: a new config takes effect, a bad one is 400 and changes nothing, the admin section is fixed", async () => {
  const base = { echoPort: up.echo.port, silentPort: up.silentPort, extra: adminSection() }
  const running = await startFromConfig(runtimeConfig(base))
  try {
    const admin = running.admin[0]!.port
    let r = await post(admin, "/api/v1/reload", runtimeConfig({ ...base, extraCluster: "added" }))
    assert.equal(r.status, 200, JSON.stringify(r.body))
    const names = async () => (await json<{ clusters: Array<{ name: string }> }>(admin, "/clusters")).clusters.map((c) => c.name)
    assert.deepEqual(await names(), ["echo", "silent", "dead", "added"])
    assert.match((await get(admin, "/api/v1/config_dump")).text, /"added"/)

    const bad = runtimeConfig({ ...base, extraCluster: "broken" }) as any
    bad.cluster_manager.clusters[3].lb_type = "LB_NOPE"
    r = await post(admin, "/api/v1/reload", bad)
    assert.equal(r.status, 400)
    assert.match(r.body.error, /cluster_manager\.clusters\[3\]/)
    assert.deepEqual(await names(), ["echo", "silent", "dead", "added"])

    r = await post(admin, "/api/v1/reload", runtimeConfig({ ...base, extra: adminSection({ allow_remote: true }) }))
    assert.equal(r.status, 400)
    assert.match(r.body.error, /admin and metrics sections as at start/)

    r = await post(admin, "/api/v1/reload")
    assert.equal(r.status, 400, "no config file to read again")
    assert.match(r.body.error, /no config in the body/)
  } finally {
    await running.stop(100)
  }
})

test("an empty reload body reads the runner's source again (the CLI's config file)", async () => {
  let config = runtimeConfig({ echoPort: up.echo.port, silentPort: up.silentPort, extra: adminSection() })
  const running = await startFromConfig(config, { reloadSource: () => config })
  try {
    const admin = running.admin[0]!.port
    config = runtimeConfig({ echoPort: up.echo.port, silentPort: up.silentPort, extra: adminSection(), extraCluster: "from_file" })
    const r = await post(admin, "/api/v1/reload")
    assert.equal(r.status, 200, JSON.stringify(r.body))
    assert.ok((await json<{ clusters: Array<{ name: string }> }>(admin, "/clusters")).clusters.some((c) => c.name === "from_file"))
  } finally {
    await running.stop(100)
  }
})

test("readiness goes DOWN (503) while the runtime drains a call in flight; the admin closes with the runtime", async () => {
  const running = await startFromConfig(runtimeConfig({ echoPort: up.echo.port, silentPort: up.silentPort, extra: adminSection() }))
  const admin = running.admin[0]!.port
  const grpc = running.handle.ingressPorts[0]!
  const call = invoke(grpc, "SilentService", "/wait", 20_000)
  // wait until the call is in flight
  for (let i = 0; i < 200 && running.lifecycle.inFlight() === 0; i++) await new Promise((r) => setTimeout(r, 10))
  assert.equal(running.lifecycle.inFlight(), 1)
  assert.equal((await get(admin, "/actuator/health/readiness")).status, 200)
  const stopped = running.stop(20_000)
  const ready = await get(admin, "/actuator/health/readiness")
  assert.equal(ready.status, 503)
  const body = JSON.parse(ready.text) as { status: string; components: { runtime_startup: { status: string } } }
  assert.equal(body.status, "DOWN")
  assert.equal(body.components.runtime_startup.status, "DOWN")
  assert.equal((await get(admin, "/ready")).status, 503)
  assert.equal((await get(admin, "/actuator/health/liveness")).status, 200)
  assert.match((await get(admin, "/metrics")).text, /^mosaic_lifecycle_state\{state="DOWN"\} 1$/m)
  up.dropSilent() // the call ends (an error), the drain completes
  assert.notEqual(await call, "OK")
  assert.deepEqual(await stopped, { drained: true, left: 0 })
  await assert.rejects(fetch(`http://127.0.0.1:${admin}/ready`))
})

test("a non-loopback admin address fails the start unless allow_remote is true", async () => {
  const cfg = (extra: Record<string, unknown>) =>
    runtimeConfig({ echoPort: up.echo.port, silentPort: up.silentPort, extra: { admin: { address: { socket_address: { address: "0.0.0.0", port_value: 0 } }, ...extra } } })
  await assert.rejects(startFromConfig(cfg({})), (e: Error) => /admin\.address\.socket_address\.address/.test(e.message) && /allow_remote/.test(e.message))
  const running = await startFromConfig(cfg({ allow_remote: true }))
  try {
    assert.equal((await get(running.admin[0]!.port, "/actuator/health/liveness")).status, 200)
  } finally {
    await running.stop(100)
  }
})

test("Layotto's sections: a prometheus metrics sink serves /metrics only, an actuator_filter listener serves /actuator/ only", async () => {
  const running = await startFromConfig(runtimeConfig({
    echoPort: up.echo.port, silentPort: up.silentPort,
    extra: { metrics: { sinks: [{ type: "prometheus", config: { port: 0 } }], max_label_values: 5 } },
    listeners: [{
      name: "actuator", address: "127.0.0.1:0", bind_port: true,
      filter_chains: [{ filters: [{ type: "proxy", config: { downstream_protocol: "Http1", router_config_name: "actuator_dont_need_router" } }] }],
      stream_filters: [{ type: "actuator_filter" }]
    }]
  }))
  try {
    assert.equal(running.admin.length, 2)
    const [sink, actuator] = running.admin.map((a) => a.port) as [number, number]
    assert.equal(running.metrics?.maxLabelValues, 5)
    assert.match((await get(sink, "/metrics")).text, /^mosaic_lifecycle_state\{state="UP"\} 1$/m)
    assert.equal((await get(sink, "/api/v1/config_dump")).status, 404)
    const ready = await get(actuator, "/actuator/health/readiness")
    assert.equal(ready.status, 200)
    assert.equal(JSON.parse(ready.text).status, "UP")
    assert.equal((await get(actuator, "/metrics")).status, 404)
    // the actuator listener is not a proxy listener
    assert.deepEqual(running.handle.proxy()!.listeners.map((l) => l.name), ["egress_http"])
  } finally {
    await running.stop(100)
  }
})

test("no admin section: metrics are off (no registry, nothing bound)", async () => {
  const running = await startFromConfig(runtimeConfig({ echoPort: up.echo.port, silentPort: up.silentPort }))
  try {
    assert.equal(running.metrics, undefined)
    assert.deepEqual(running.admin, [])
    assert.equal(await invoke(running.handle.ingressPorts[0]!, "HelloService:1.0", "/hello"), "OK")
  } finally {
    await running.stop(100)
  }
})
