// Tests: listener protocol names (X + sub_protocol, short forms, Auto) and their config errors, from the names and against the registered protocols.
import { test } from "node:test"
import assert from "node:assert/strict"
import { Effect, Layer } from "effect"
import { decodeConfig } from "@mosaic/kernel"
import { PipeListeners } from "@mosaic/transport"
import { layer as tcpLayer } from "@mosaic/transport-node"
import { ProxyFilterConfig, resolveProtocols } from "../config/listener.ts"
import { ProxyConfig } from "../config/proxy-config.ts"
import { makeProxy } from "../proxy.ts"
import { testProtocols } from "../../test-support/harness.ts"
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

test("protocol errors found from the names alone: X without a sub_protocol, conversion from HTTP/1", () => {
  assert.deepEqual(filter({ downstream_protocol: "X" }), { path: "extend_config.sub_protocol", expected: 'a protocol name for downstream_protocol "X"' })
  assert.equal((filter({ downstream_protocol: "Http1", upstream_protocol: "bolt" }) as { path: string }).path, "upstream_protocol")
  // names are checked against the registered protocols when the proxy compiles
  assert.deepEqual(filter({ downstream_protocol: "X", extend_config: { sub_protocol: "tars" } }), { downstream: "tars", upstream: "tars" })
})

const compileError = async (proxyFilter: Record<string, unknown>, protocols = testProtocols()) => {
  const config = xConfig({ downstream: "bolt" }, [route("c")], [cluster("c", ["127.0.0.1:1"])]) as any
  config.listeners[0].bind_port = false
  config.listeners[0].filter_chains[0].filters[0].config = { router_config_name: config.listeners[0].filter_chains[0].filters[0].config.router_config_name, ...proxyFilter }
  const decoded = await Effect.runPromise(decodeConfig(ProxyConfig, config))
  return await Effect.runPromise(Effect.flip(Effect.scoped(makeProxy(decoded, { protocols }))).pipe(Effect.provide(Layer.mergeAll(tcpLayer, PipeListeners.layer)))) as any
}

test("makeProxy reports protocol errors at the filter's JSON path: X without sub_protocol, an unregistered name, another family upstream", async () => {
  const at = "listeners[0].filter_chains[0].filters[0].config"
  assert.equal((await compileError({ downstream_protocol: "X" })).path, `${at}.extend_config.sub_protocol`)
  const tars = await compileError({ downstream_protocol: "X", extend_config: { sub_protocol: "tars" } })
  assert.equal(tars.path, `${at}.extend_config.sub_protocol`)
  assert.match(tars.message, /no protocol "tars"; registered: bolt, boltv2, dubbo, ttheader/)
  const conv = await compileError({ downstream_protocol: "bolt", upstream_protocol: "dubbo" })
  assert.equal(conv.path, `${at}.upstream_protocol`)
  assert.match(conv.message, /family bolt/)
  assert.equal((await compileError({ downstream_protocol: "bolt", upstream_protocol: "Http1" })).path, `${at}.upstream_protocol`)
  assert.equal((await compileError({ downstream_protocol: "Http2", upstream_protocol: "Http1" })).path, `${at}.downstream_protocol`)
  // without the protocol given (no Registry in context), the name is unknown
  const none = await compileError({ downstream_protocol: "bolt" }, [])
  assert.equal(none.path, `${at}.downstream_protocol`)
  assert.match(none.message, /registered: none/)
})

test("makeProxy: a cluster's health_check.protocol is tcp, Http1, http or a given protocol with a health probe", async () => {
  const run = (protocol: string, protocols = testProtocols()) => {
    const config = xConfig({ downstream: "bolt" }, [route("c")], [cluster("c", ["127.0.0.1:1"])]) as any
    config.listeners[0].bind_port = false
    config.cluster_manager.clusters[0].health_check = { protocol, interval: "1h" }
    return Effect.runPromise(Effect.flip(Effect.scoped(Effect.gen(function*() {
      yield* makeProxy(yield* decodeConfig(ProxyConfig, config), { protocols })
      return yield* Effect.fail("started" as const)
    }))).pipe(Effect.provide(Layer.mergeAll(tcpLayer, PipeListeners.layer)))) as Promise<any>
  }
  assert.equal(await run("BoltV2"), "started")
  assert.equal(await run("tcp"), "started")
  const smtp = await run("smtp")
  assert.equal(smtp.path, "cluster_manager.clusters[0].health_check.protocol")
  assert.match(smtp.message, /no protocol "smtp"/)
  const noProbe = await run("ttheader")
  assert.equal(noProbe.path, "cluster_manager.clusters[0].health_check.protocol")
  assert.match(noProbe.message, /"ttheader" has none/)
})
