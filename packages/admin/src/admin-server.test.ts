// The admin server over real sockets: every endpoint, readiness INIT → UP → DOWN, 405 with Allow, loopback-only binds, redaction.
import { test } from "node:test"
import assert from "node:assert/strict"
import { Effect } from "effect"
import { makeLifecycle, makeLogger } from "@mosaic/kernel"
import { Registry } from "@mosaic/metrics"
import type { AdminSource } from "./admin-source.ts"
import { AdminBindError, startAdmin } from "./admin-server.ts"
import { isLoopback } from "./bind-policy.ts"
import { REDACTED } from "./redact.ts"

const secretConfig = {
  servers: [{ listeners: [{ name: "l", address: "127.0.0.1:1" }] }],
  tls_context: { status: false, private_key: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", cert_chain: "-----BEGIN CERTIFICATE-----\nBBBB" },
  cluster_manager: { clusters: [{ name: "c", password: "hunter2", auth_token: "t0k", user: "bob", note: "key: -----BEGIN RSA PRIVATE KEY----- x" }] },
  headers: { Authorization: "Bearer x", "x-api-key": "k" }
}

const setup = async () => {
  const lifecycle = makeLifecycle()
  const registry = new Registry()
  registry.counter("mosaic_test_total", "Test.", ["k"]).labels("v").inc(3)
  const logger = makeLogger("INFO", () => {})
  const reloads: Array<unknown> = []
  const source: AdminSource = {
    lifecycle,
    metrics: () => registry.expose(),
    config: () => secretConfig,
    stats: () => ({ proxy: { downstreamRequests: 7 } }),
    clusters: () => ({ clusters: [{ name: "c", hosts: [{ address: "127.0.0.1:9", weight: 1, healthy: true, active_requests: 0 }] }] }),
    listeners: () => ({ listeners: [{ name: "l", address: "127.0.0.1:1", port: 1 }] }),
    serverInfo: () => ({ name: "mosaic" }),
    components: () => ({ proxy: { status: "UP", details: { listeners: 1 } } }),
    reload: async (config) => {
      if (config !== undefined && (config as { bad?: boolean }).bad) throw new Error("config error at bad: refused")
      reloads.push(config)
    },
    logger
  }
  const admin = await startAdmin(source, { port: 0 })
  const url = (path: string) => `http://127.0.0.1:${admin.port}${path}`
  return { lifecycle, logger, reloads, admin, url }
}

test("readiness: INIT (503) before ready(), UP (200) after, DOWN (503) once draining; liveness stays up; Envoy /ready follows", async () => {
  const { lifecycle, admin, url } = await setup()
  try {
    let r = await fetch(url("/actuator/health/readiness"))
    assert.equal(r.status, 503)
    let body = await r.json() as { status: string; components: Record<string, { status: string }> }
    assert.equal(body.status, "INIT")
    assert.equal(body.components.runtime_startup!.status, "INIT")
    r = await fetch(url("/actuator/health/liveness"))
    assert.equal(r.status, 200)
    assert.equal((await r.json() as { status: string }).status, "INIT")
    r = await fetch(url("/ready"))
    assert.equal(r.status, 503)
    assert.equal(await r.text(), "PRE_INITIALIZING\n")

    lifecycle.ready()
    r = await fetch(url("/actuator/health/readiness"))
    assert.equal(r.status, 200)
    body = await r.json() as typeof body
    assert.deepEqual(body, { status: "UP", components: { runtime_startup: { status: "UP", details: { reason: "" } }, proxy: { status: "UP", details: { listeners: 1 } } } })
    r = await fetch(url("/ready"))
    assert.equal(r.status, 200)
    assert.equal(await r.text(), "LIVE\n")

    // a call in flight keeps the drain open: readiness reports DOWN meanwhile
    lifecycle.enter()
    const drained = Effect.runPromise(lifecycle.shutdown(10_000))
    r = await fetch(url("/actuator/health/readiness"))
    assert.equal(r.status, 503)
    body = await r.json() as typeof body
    assert.equal(body.status, "DOWN")
    assert.equal(body.components.runtime_startup!.status, "DOWN")
    r = await fetch(url("/actuator/health/liveness"))
    assert.equal(r.status, 200, "a draining process is alive")
    r = await fetch(url("/ready"))
    assert.equal(r.status, 503)
    assert.equal(await r.text(), "DRAINING\n")
    lifecycle.exit()
    assert.deepEqual(await drained, { drained: true, left: 0 })
  } finally {
    await admin.close()
  }
})

test("/metrics in the text format; /stats/prometheus the same; JSON endpoints", async () => {
  const { admin, url } = await setup()
  try {
    let r = await fetch(url("/metrics"))
    assert.equal(r.status, 200)
    assert.equal(r.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8")
    assert.match(await r.text(), /^mosaic_test_total\{k="v"\} 3$/m)
    assert.match(await (await fetch(url("/stats/prometheus"))).text(), /^mosaic_test_total\{k="v"\} 3$/m)
    assert.deepEqual(await (await fetch(url("/api/v1/stats"))).json(), { proxy: { downstreamRequests: 7 } })
    assert.equal(((await (await fetch(url("/clusters"))).json()) as { clusters: Array<{ name: string }> }).clusters[0]!.name, "c")
    assert.equal(((await (await fetch(url("/listeners"))).json()) as { listeners: Array<{ name: string }> }).listeners[0]!.name, "l")
    assert.deepEqual(await (await fetch(url("/server_info"))).json(), { name: "mosaic", state: "INIT" })
    r = await fetch(url("/nope"))
    assert.equal(r.status, 404)
    await r.text()
  } finally {
    await admin.close()
  }
})

test("config_dump redacts private keys, passwords, tokens and credentials, and keeps the rest", async () => {
  const { admin, url } = await setup()
  try {
    const r = await fetch(url("/api/v1/config_dump"))
    assert.equal(r.status, 200)
    const text = await r.text()
    for (const secret of ["hunter2", "t0k", "AAAA", "BEGIN PRIVATE KEY", "BEGIN RSA PRIVATE KEY", "Bearer", '"k"']) assert.ok(!text.includes(secret), `${secret} leaked: ${text}`)
    const dump = JSON.parse(text) as typeof secretConfig
    assert.equal(dump.tls_context.private_key, REDACTED)
    assert.equal(dump.tls_context.cert_chain, secretConfig.tls_context.cert_chain, "certificates are public")
    assert.equal(dump.cluster_manager.clusters[0]!.password, REDACTED)
    assert.equal(dump.cluster_manager.clusters[0]!.auth_token, REDACTED)
    assert.equal(dump.cluster_manager.clusters[0]!.user, "bob")
    assert.equal(dump.cluster_manager.clusters[0]!.note, REDACTED)
    assert.equal(dump.headers.Authorization, REDACTED)
    assert.equal(dump.headers["x-api-key"], REDACTED)
    assert.equal(dump.servers[0]!.listeners[0]!.address, "127.0.0.1:1")
  } finally {
    await admin.close()
  }
})

test("POST-only endpoints answer a GET with 405 and Allow: POST; GET-only ones answer a POST with 405 and Allow: GET, HEAD", async () => {
  const { admin, url } = await setup()
  try {
    for (const path of ["/api/v1/update_loglevel", "/api/v1/reload"]) {
      const r = await fetch(url(path))
      assert.equal(r.status, 405, path)
      assert.equal(r.headers.get("allow"), "POST")
      await r.text()
    }
    const r = await fetch(url("/actuator/health/readiness"), { method: "POST", body: "{}" })
    assert.equal(r.status, 405)
    assert.equal(r.headers.get("allow"), "GET, HEAD")
    await r.text()
  } finally {
    await admin.close()
  }
})

test("update_loglevel changes the logger's level (get_loglevel shows it); a bad level is 400 and changes nothing", async () => {
  const { admin, url, logger } = await setup()
  try {
    assert.deepEqual(await (await fetch(url("/api/v1/get_loglevel"))).json(), { log_level: "INFO" })
    let r = await fetch(url("/api/v1/update_loglevel"), { method: "POST", body: JSON.stringify({ log_level: "debug" }) })
    assert.equal(r.status, 200)
    assert.deepEqual(await r.json(), { log_level: "DEBUG" })
    assert.equal(logger.level(), "DEBUG")
    assert.deepEqual(await (await fetch(url("/api/v1/get_loglevel"))).json(), { log_level: "DEBUG" })
    r = await fetch(url("/api/v1/update_loglevel"), { method: "POST", body: JSON.stringify({ log_level: "loud" }) })
    assert.equal(r.status, 400)
    assert.match(((await r.json()) as { error: string }).error, /log_level: one of TRACE/)
    r = await fetch(url("/api/v1/update_loglevel"), { method: "POST", body: "not json" })
    assert.equal(r.status, 400)
    await r.text()
    assert.equal(logger.level(), "DEBUG")
  } finally {
    await admin.close()
  }
})

test("reload: a JSON body is the new config, an empty body reloads the runner's source, a refused config is 400 with the reason", async () => {
  const { admin, url, reloads } = await setup()
  try {
    let r = await fetch(url("/api/v1/reload"), { method: "POST", body: JSON.stringify({ servers: [] }) })
    assert.equal(r.status, 200)
    assert.deepEqual(await r.json(), { status: "reloaded" })
    r = await fetch(url("/api/v1/reload"), { method: "POST" })
    assert.equal(r.status, 200)
    await r.text()
    r = await fetch(url("/api/v1/reload"), { method: "POST", body: JSON.stringify({ bad: true }) })
    assert.equal(r.status, 400)
    assert.deepEqual(await r.json(), { error: "config error at bad: refused" })
    r = await fetch(url("/api/v1/reload"), { method: "POST", body: "{" })
    assert.equal(r.status, 400)
    await r.text()
    assert.deepEqual(reloads, [{ servers: [] }, undefined])
  } finally {
    await admin.close()
  }
})

test("a non-loopback address is refused unless allowRemote; loopback forms are recognised", async () => {
  const { lifecycle } = await setup().then(async (s) => {
    await s.admin.close()
    return s
  })
  const source = { lifecycle, config: () => ({}), stats: () => ({}), clusters: () => ({}), listeners: () => ({}), serverInfo: () => ({}), reload: async () => {}, logger: makeLogger() } satisfies AdminSource
  for (const address of ["0.0.0.0", "::", "10.1.2.3", "example.com"]) {
    await assert.rejects(startAdmin(source, { address, port: 0 }), (e: unknown) => e instanceof AdminBindError && e.reason === "NotLoopback" && /allow_remote/.test(e.message))
  }
  for (const h of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "::ffff:127.0.0.1"]) assert.equal(isLoopback(h), true, h)
  for (const h of ["128.0.0.1", "0.0.0.0", "::", "::ffff:10.0.0.1", "localhost.example"]) assert.equal(isLoopback(h), false, h)
  // explicitly allowed: binds (0.0.0.0 on a free port; nothing is sent to it but a loopback request)
  const open = await startAdmin(source, { address: "0.0.0.0", port: 0, allowRemote: true })
  try {
    const r = await fetch(`http://127.0.0.1:${open.port}/actuator/health/liveness`)
    assert.equal(r.status, 200)
    await r.text()
  } finally {
    await open.close()
  }
})

test("a paths filter serves only those endpoints (a metrics-only port)", async () => {
  const lifecycle = makeLifecycle()
  const source = { lifecycle, metrics: () => "x 1\n", config: () => ({}), stats: () => ({}), clusters: () => ({}), listeners: () => ({}), serverInfo: () => ({}), reload: async () => {}, logger: makeLogger() } satisfies AdminSource
  const admin = await startAdmin(source, { port: 0, paths: ["/metrics"] })
  try {
    const m = await fetch(`http://127.0.0.1:${admin.port}/metrics`)
    assert.equal(await m.text(), "x 1\n")
    const r = await fetch(`http://127.0.0.1:${admin.port}/api/v1/reload`, { method: "POST", body: "{}" })
    assert.equal(r.status, 404)
    await r.text()
  } finally {
    await admin.close()
  }
})
