// Tests: listener protocol names for Bolt/Dubbo (X + sub_protocol, short forms, Auto) and their config errors.
import { test } from "node:test"
import assert from "node:assert/strict"
import { Effect, Layer } from "effect"
import { decodeConfig } from "@mosaic/kernel"
import { PipeListeners } from "@mosaic/transport"
import { layer as tcpLayer } from "@mosaic/transport-node"
import { ProxyFilterConfig, resolveProtocols } from "../config/listener.ts"
import { ProxyConfig } from "../config/proxy-config.ts"
import { makeProxy } from "../proxy.ts"
import { cluster, route, xConfig } from "../../test-support/xprotocol.ts"

const filter = (config: Record<string, unknown>) =>
  resolveProtocols(Effect.runSync(decodeConfig(ProxyFilterConfig, { router_config_name: "r", ...config })))

test("protocol forms: X + extend_config.sub_protocol, the short names, Auto upstream, any letter case", () => {
  assert.deepEqual(filter({ downstream_protocol: "X", upstream_protocol: "X", extend_config: { sub_protocol: "bolt" } }), { downstream: "bolt", upstream: "bolt" })
  assert.deepEqual(filter({ downstream_protocol: "X", extend_config: { sub_protocol: "dubbo", bolt: { enable_bolt_goaway: true } } }), { downstream: "dubbo", upstream: "dubbo" })
  assert.deepEqual(filter({ downstream_protocol: "bolt" }), { downstream: "bolt", upstream: "bolt" })
  assert.deepEqual(filter({ downstream_protocol: "BoltV2", upstream_protocol: "auto" }), { downstream: "boltv2", upstream: "boltv2" })
  assert.deepEqual(filter({ downstream_protocol: "bolt", upstream_protocol: "boltv2" }), { downstream: "bolt", upstream: "boltv2" })
  assert.deepEqual(filter({ downstream_protocol: "Dubbo", upstream_protocol: "X", extend_config: { sub_protocol: "dubbo" } }), { downstream: "dubbo", upstream: "dubbo" })
  assert.deepEqual(filter({}), { downstream: "Http1", upstream: "Http1" })
})

test("protocol errors: X without or with an unknown sub_protocol, protocol conversion", () => {
  assert.deepEqual(filter({ downstream_protocol: "X" }), { path: "extend_config.sub_protocol", expected: 'a sub-protocol (bolt, boltv2, dubbo) for downstream_protocol "X"' })
  assert.equal((filter({ downstream_protocol: "X", extend_config: { sub_protocol: "tars" } }) as { path: string }).path, "extend_config.sub_protocol")
  assert.equal((filter({ downstream_protocol: "bolt", upstream_protocol: "dubbo" }) as { path: string }).path, "upstream_protocol")
  assert.equal((filter({ downstream_protocol: "Http1", upstream_protocol: "bolt" }) as { path: string }).path, "upstream_protocol")
})

test("makeProxy reports protocol errors at the filter's JSON path", async () => {
  const config = xConfig({ downstream: "X" }, [route("c")], [cluster("c", ["127.0.0.1:1"])]) as any
  config.listeners[0].bind_port = false
  const decoded = await Effect.runPromise(decodeConfig(ProxyConfig, config))
  const e = await Effect.runPromise(Effect.flip(Effect.scoped(makeProxy(decoded))).pipe(Effect.provide(Layer.mergeAll(tcpLayer, PipeListeners.layer)))) as any
  assert.equal(e.path, "listeners[0].filter_chains[0].filters[0].config.extend_config.sub_protocol")
})
