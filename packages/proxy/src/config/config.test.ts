// Tests: proxy config decoding (Layotto demo, defaults, durations) and config errors with JSON paths.
import { test } from "node:test"
import assert from "node:assert/strict"
import { Effect, Layer } from "effect"
import { decodeConfig, parseDuration } from "@mosaic/kernel"
import { PipeListeners } from "@mosaic/transport"
import { layer as tcpLayer } from "@mosaic/transport-node"
import { makeProxy } from "../proxy.ts"
import { ProxyConfig } from "./proxy-config.ts"

/** The egress part of Layotto's demo/rpc/http/example.json (ports as in the demo). */
const layottoHttpDemo = {
  listeners: [{
    name: "egress_runtime_http",
    type: "egress",
    address: "0.0.0.0:12221",
    bind_port: true,
    network: "tcp",
    filter_chains: [{
      tls_context_set: [{}],
      filters: [{
        type: "proxy",
        config: { downstream_protocol: "Http1", name: "proxy_config", router_config_name: "http_router", upstream_protocol: "Http1" }
      }]
    }]
  }],
  routers: [{
    router_config_name: "http_router",
    virtual_hosts: [{
      name: "http_host",
      domains: ["*"],
      routers: [{ match: { headers: [{ name: "id", value: "HelloService:1.0" }] }, route: { cluster_name: "http_server" } }]
    }]
  }],
  cluster_manager: {
    tls_context: {},
    clusters: [{
      name: "http_server",
      type: "SIMPLE",
      lb_type: "LB_RANDOM",
      hosts: [{ address: "127.0.0.1:8889", hostname: "downstream_machine1", weight: 1 }],
      tls_context: {}
    }]
  },
  dynamic_resources: { ads_config: { api_type: "GRPC" } }
}

const decode = (json: unknown) => Effect.runPromise(decodeConfig(ProxyConfig, json, "proxy"))
const failure = (json: unknown) => Effect.runPromise(Effect.flip(decodeConfig(ProxyConfig, json, "proxy")))

test("Layotto's HTTP demo config decodes, with MOSN defaults filled in", async () => {
  const c = await decode(layottoHttpDemo)
  const cluster = c.cluster_manager.clusters[0]!
  assert.equal(cluster.lb_type, "LB_RANDOM")
  assert.equal(cluster.connect_timeout, 3000)
  assert.equal(cluster.idle_timeout, 90_000)
  assert.equal(c.routers[0]!.virtual_hosts[0]!.routers[0]!.route!.timeout, 60_000)
  assert.equal(c.routers[0]!.virtual_hosts[0]!.routers[0]!.match.headers[0]!.regex, false)
  assert.equal(c.listeners[0]!.bind_port, true)
  const empty = await decode({})
  assert.deepEqual(empty, { listeners: [], routers: [], cluster_manager: { clusters: [] } })
})

test("durations: Go strings or milliseconds", () => {
  assert.equal(parseDuration("60s"), 60_000)
  assert.equal(parseDuration("500ms"), 500)
  assert.equal(parseDuration("1m30s"), 90_000)
  assert.equal(parseDuration("1.5h"), 5_400_000)
  assert.equal(parseDuration(250), 250)
  assert.equal(parseDuration("0"), 0)
  assert.equal(parseDuration("10"), undefined)
  assert.equal(parseDuration("5x"), undefined)
  assert.equal(parseDuration(-1), undefined)
})

test("bad values fail with the JSON path", async () => {
  const bad = structuredClone(layottoHttpDemo) as any
  bad.cluster_manager.clusters[0].connect_timeout = "3 parsecs"
  assert.equal((await failure(bad)).path, "proxy.cluster_manager.clusters[0].connect_timeout")
  const addr = structuredClone(layottoHttpDemo) as any
  addr.cluster_manager.clusters[0].hosts[0].address = "localhost"
  assert.equal((await failure(addr)).path, "proxy.cluster_manager.clusters[0].hosts[0].address")
  const type = structuredClone(layottoHttpDemo) as any
  type.cluster_manager.clusters[0].type = "EDS"
  assert.equal((await failure(type)).path, "proxy.cluster_manager.clusters[0].type")
  const regex = structuredClone(layottoHttpDemo) as any
  regex.routers[0].virtual_hosts[0].routers[0].match = { regex: "(" }
  assert.equal((await failure(regex)).path, "proxy.routers[0].virtual_hosts[0].routers[0].match.regex")
})

const startFailure = async (json: unknown) => {
  const config = await decode(json)
  return Effect.runPromise(Effect.flip(Effect.scoped(makeProxy(config))).pipe(Effect.provide(Layer.mergeAll(tcpLayer, PipeListeners.layer))))
}

test("makeProxy rejects unsupported protocols, unknown routers and load balancers, duplicates", async () => {
  const proto = structuredClone(layottoHttpDemo) as any
  proto.listeners[0].bind_port = false
  proto.listeners[0].filter_chains[0].filters[0].config.downstream_protocol = "Http2"
  const e1 = (await startFailure(proto)) as any
  assert.equal(e1.path, "listeners[0].filter_chains[0].filters[0].config.downstream_protocol")
  const router = structuredClone(layottoHttpDemo) as any
  router.listeners[0].filter_chains[0].filters[0].config.router_config_name = "nope"
  assert.equal(((await startFailure(router)) as any).path, "listeners[0].filter_chains[0].filters[0].config.router_config_name")
  const lb = structuredClone(layottoHttpDemo) as any
  lb.cluster_manager.clusters[0].lb_type = "LB_FANCY"
  assert.equal(((await startFailure(lb)) as any).path, "cluster_manager.clusters[0].lb_type")
  const dup = structuredClone(layottoHttpDemo) as any
  dup.cluster_manager.clusters.push(dup.cluster_manager.clusters[0])
  assert.equal(((await startFailure(dup)) as any).path, "cluster_manager.clusters[1].name")
})

test("listeners without a proxy filter are left to other plugins", async () => {
  const grpc = structuredClone(layottoHttpDemo) as any
  grpc.listeners = [{ name: "grpc", address: "127.0.0.1:0", bind_port: false, filter_chains: [{ filters: [{ type: "grpc", config: {} }] }] }]
  const config = await decode(grpc)
  const proxy = await Effect.runPromise(Effect.scoped(makeProxy(config)).pipe(Effect.provide(Layer.mergeAll(tcpLayer, PipeListeners.layer))))
  assert.deepEqual(proxy.listeners, [])
})
