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
