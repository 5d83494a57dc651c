// Tests: the Layotto/MOSN config front end keeps a proxy listener's `stream_filters` for the proxy, and its error paths point into the file.
import { test } from "node:test"
import assert from "node:assert/strict"
import { Effect, Exit } from "effect"
import { decodeConfig } from "@mosaic/kernel"
import { ProxyConfig } from "@mosaic/proxy"
import { fromLayottoConfig } from "./layotto-config.ts"

const headerFilter = { type: "header", config: { response_headers_to_add: [{ header: { key: "x-via", value: "mosaic" } }] } }

const config = (streamFilters: unknown) => ({
  servers: [{
    routers: [{ router_config_name: "r", virtual_hosts: [{ name: "vh", domains: ["*"], routers: [{ match: { prefix: "/" }, route: { cluster_name: "c" } }] }] }],
    listeners: [
      {
        name: "grpc", address: "127.0.0.1:34904", bind_port: false,
        filter_chains: [{ filters: [{ type: "grpc", config: { server_name: "runtime", grpc_config: { rpcs: { mosn: { type: "mosn", config: {} } } } } }] }]
      },
      { name: "plain", address: "127.0.0.1:0", filter_chains: [{ filters: [{ type: "proxy", config: { router_config_name: "r" } }] }] },
      {
        name: "filtered", address: "127.0.0.1:0", stream_filters: streamFilters,
        filter_chains: [{ filters: [{ type: "proxy", config: { router_config_name: "r" } }] }]
      }
    ]
  }],
  cluster_manager: { clusters: [{ name: "c", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: "127.0.0.1:1" }] }] }
})

test("a proxy listener's stream_filters reach the proxy config unchanged; a listener without them has none", () => {
  const model = Effect.runSync(fromLayottoConfig(config([headerFilter])))
  const proxy = model.proxy!.ref.config as { listeners: Array<{ name: string; stream_filters?: unknown }> }
  assert.deepEqual(proxy.listeners.map((l) => l.name), ["plain", "filtered"])
  assert.equal("stream_filters" in proxy.listeners[0]!, false)
  assert.deepEqual(proxy.listeners[1]!.stream_filters, [headerFilter])
  // and the proxy's own schema reads them
  const decoded = Effect.runSync(decodeConfig(ProxyConfig, proxy))
  assert.deepEqual(decoded.listeners[1]!.stream_filters, [headerFilter])
  assert.equal(decoded.listeners[0]!.stream_filters, undefined)
})

test("a bad stream filter is reported by the proxy at its path in the Layotto file", () => {
  const model = Effect.runSync(fromLayottoConfig(config([{ config: {} }])))
  const exit = Effect.runSyncExit(decodeConfig(ProxyConfig, model.proxy!.ref.config))
  assert.ok(Exit.isFailure(exit))
  const error = (exit.cause as unknown as { reasons: Array<{ error: { path: string } }> }).reasons[0]!.error
  assert.equal(model.proxy!.origin(error.path), "servers[0].listeners[2].stream_filters[0].type")
})

test("stream_filters must be a list", () => {
  const exit = Effect.runSyncExit(fromLayottoConfig(config({ type: "header" })))
  assert.ok(Exit.isFailure(exit))
  const error = (exit.cause as unknown as { reasons: Array<{ error: { path: string; expected: string } }> }).reasons[0]!.error
  assert.deepEqual([error.path, error.expected], ["servers[0].listeners[2].stream_filters", "Expected array"])
})

test("tls_context with status true anywhere (MOSN http-sample/tls.json shape) is refused, naming its path", async () => {
  const listenerTls = {
    servers: [{ listeners: [{
      name: "serverListener", address: "127.0.0.1:2046", bind_port: true,
      filter_chains: [{
        tls_context: { status: true, verify_client: true, ca_cert: "./certs/ca.pem", cert_chain: "./certs/cert.pem", private_key: "./certs/key.pem" },
        filters: [{ type: "proxy", config: { downstream_protocol: "Http1", router_config_name: "r" } }]
      }]
    }] }]
  }
  const a = await Effect.runPromise(Effect.flip(fromLayottoConfig(listenerTls)))
  assert.equal(a.path, "servers[0].listeners[0].filter_chains[0].tls_context")
  assert.match(a.message, /not implemented/)
  const clusterTls = {
    servers: [{ listeners: [] }],
    cluster_manager: { clusters: [{ name: "c", tls_context: { status: true, server_name: "x" }, hosts: [] }] }
  }
  const b = await Effect.runPromise(Effect.flip(fromLayottoConfig(clusterTls)))
  assert.equal(b.path, "cluster_manager.clusters[0].tls_context")
  // MOSN's disabled or empty tls_context still passes
  const off = { servers: [{ listeners: [] }], cluster_manager: { tls_context: {}, clusters: [{ name: "c", tls_context: { status: false }, hosts: [] }] } }
  await Effect.runPromise(fromLayottoConfig(off))
})
