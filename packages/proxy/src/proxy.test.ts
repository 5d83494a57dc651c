// Tests: the proxy plugin value: config schema and make, serving the Layotto demo route.
import { test } from "node:test"
import assert from "node:assert/strict"
import { Effect, Layer } from "effect"
import { decodeConfig, Lifecycle } from "@mosaic/kernel"
import { PipeListeners } from "@mosaic/transport"
import { layer as tcp } from "@mosaic/transport-node"
import { connect, get, startUpstream, text } from "../test-support/harness.ts"
import { ProxyKind, proxyPlugin } from "./proxy.ts"

test("the proxy plugin decodes its config and serves the README's Layotto demo route", async () => {
  assert.equal(proxyPlugin.kind, ProxyKind)
  assert.equal(proxyPlugin.name, "proxy")
  const up = await startUpstream((req, res) => res.end(`hello ${req.headers.id}`))
  const program = Effect.gen(function*() {
    const config = yield* decodeConfig(proxyPlugin.config, {
      listeners: [{
        name: "egress_runtime_http", address: "127.0.0.1:0", bind_port: true,
        filter_chains: [{ filters: [{ type: "proxy", config: { downstream_protocol: "Http1", upstream_protocol: "Http1", router_config_name: "http_router" } }] }]
      }],
      routers: [{ router_config_name: "http_router", virtual_hosts: [{ name: "http_host", domains: ["*"],
        routers: [{ match: { headers: [{ name: "id", value: "HelloService:1.0" }] }, route: { cluster_name: "http_server" } }] }] }],
      cluster_manager: { clusters: [{ name: "http_server", type: "SIMPLE", lb_type: "LB_RANDOM", hosts: [{ address: up.address }] }] }
    })
    const proxy = yield* proxyPlugin.make(config)
    const c = yield* Effect.promise(() => connect(proxy.listeners[0]!.port!))
    const [r] = yield* Effect.promise(() => c.send(get("/hello", { id: "HelloService:1.0" })))
    c.destroy()
    return r!
  })
  const r = await Effect.runPromise(Effect.scoped(program).pipe(Effect.provide(Layer.mergeAll(tcp, PipeListeners.layer, Lifecycle.layer))))
  assert.deepEqual([r.status, text(r)], [200, "hello HelloService:1.0"])
  await up.close()
})
