// Unit tests: the plugin's config schema (defaults, unknown fields, errors with a JSON path) and addresses.
import { test } from "node:test"
import assert from "node:assert/strict"
import { Effect } from "effect"
import { decodeConfig, Lifecycle, makeLifecycle, makeRegistry, parseDuration as durationMs } from "@mosaic/kernel"
import { Invoker } from "@mosaic/rpc"
import { IngressConfig, parseAddress } from "./config.ts"
import { ingressPlugin, IngressKind } from "./plugin.ts"

test("defaults (Layotto's listener and server name); unknown fields ignored", async () => {
  const c = await Effect.runPromise(decodeConfig(IngressConfig, { grpc_config: { rpcs: {} }, future_field: 1 }))
  assert.equal(c.address, "127.0.0.1:34904")
  assert.equal(c.server_name, "runtime")
  assert.equal(c.max_body_bytes, 4 * 1024 * 1024)
  assert.equal(c.drain_timeout_ms, 5000)
  assert.equal(c.first_bytes_timeout_ms, 10_000)
  assert.deepEqual(c.hellos, {})
  assert.equal(c.typed_any, false)
  assert.equal(c.http1_address, undefined)
  assert.equal(c.max_streams_per_connection, undefined)
  assert.equal(c.connection_idle_timeout, 90_000)
  assert.equal(c.header_read_timeout, 10_000)
  assert.equal(c.request_body_timeout, 60_000)
  assert.equal(c.max_connections, 0)
  assert.equal(ingressPlugin.name, "grpc")
  assert.equal(ingressPlugin.kind, IngressKind)
})

test("a bad address is a ConfigError naming its path", async () => {
  const e = await Effect.runPromise(Effect.flip(decodeConfig(IngressConfig, { address: "nope" }, "servers[0].listeners[0]")))
  assert.equal(e._tag, "ConfigError")
  assert.equal(e.path, "servers[0].listeners[0].address")
  const e2 = await Effect.runPromise(Effect.flip(decodeConfig(IngressConfig, { max_body_bytes: 0 })))
  assert.equal(e2.path, "max_body_bytes")
})

test("addresses", () => {
  assert.deepEqual(parseAddress("127.0.0.1:34904"), { host: "127.0.0.1", port: 34904 })
  assert.deepEqual(parseAddress("[::1]:0"), { host: "::1", port: 0 })
  assert.deepEqual(parseAddress("localhost:80"), { host: "localhost", port: 80 })
  for (const bad of ["", "1.2.3.4", ":80", "a:b", "a:70000", "::1:80"]) assert.equal(parseAddress(bad), undefined, bad)
})

test("resolves through the kernel registry by the name \"grpc\" and starts on port 0", async () => {
  const lifecycle = makeLifecycle()
  // IngressKind says what an ingress needs (the Invoker to serve, the Lifecycle): both provided, nothing else
  const program = Effect.scoped(Effect.gen(function*() {
    const registry = yield* makeRegistry([ingressPlugin])
    const s = yield* registry.instantiate(IngressKind, { type: "grpc", config: { address: "127.0.0.1:0", unknown: true } }, "servers[0].listeners[0].filter_chains[0].filters[0]")
    assert.ok(s.port > 0)
    assert.equal(s.url, `http://127.0.0.1:${s.port}`)
    assert.equal(s.serverName, "runtime")
    return s
  })).pipe(
    Effect.provideService(Invoker, { invoke: async () => ({ header: {}, contentType: "", data: new Uint8Array(0) }) }),
    Effect.provideService(Lifecycle, lifecycle)
  )
  const server = await Effect.runPromise(program)
  assert.equal(server.connections(), 0)
})

test("listener durations: Go strings or ms; anything else is a ConfigError at its path", async () => {
  const c = await Effect.runPromise(decodeConfig(IngressConfig, { connection_idle_timeout: "1m30s", header_read_timeout: 250, request_body_timeout: "0" }))
  assert.equal(c.connection_idle_timeout, 90_000)
  assert.equal(c.header_read_timeout, 250)
  assert.equal(c.request_body_timeout, 0)
  assert.equal(durationMs("1.5s"), 1500)
  assert.equal(durationMs("2h3m"), 7_380_000)
  for (const bad of ["", "5", "s", "1x", "-1s", "1s2"]) assert.equal(durationMs(bad), undefined, bad)
  const e = await Effect.runPromise(Effect.flip(decodeConfig(IngressConfig, { header_read_timeout: "soon" }, "l")))
  assert.equal(e.path, "l.header_read_timeout")
})
