// Runs the Mosaic proxy as a benchmark child: one HTTP/1 listener on 127.0.0.1:0 to one upstream. Prints READY <port>.
import { Effect, Layer } from "effect"
import { decodeConfig, Lifecycle, runMain } from "@mosaic/kernel"
import { makeProxy, ProxyConfig } from "@mosaic/proxy"
import { PipeListeners } from "@mosaic/transport"
import { layer as tcpLayer } from "@mosaic/transport-node"

const upstream = process.argv[2] ?? "127.0.0.1:18000"
const config = {
  listeners: [{
    name: "bench_http",
    address: "127.0.0.1:0",
    bind_port: true,
    filter_chains: [{ filters: [{ type: "proxy", config: { downstream_protocol: "Http1", upstream_protocol: "Http1", router_config_name: "bench" } }] }]
  }],
  routers: [{ router_config_name: "bench", virtual_hosts: [{ name: "all", domains: ["*"], routers: [{ match: { prefix: "/" }, route: { cluster_name: "echo" } }] }] }],
  cluster_manager: { clusters: [{ name: "echo", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: upstream }] }] }
}

// SIGTERM (or SIGINT) closes the proxy's scope, then the process exits 0
runMain(Effect.gen(function*() {
  const proxy = yield* makeProxy(yield* decodeConfig(ProxyConfig, config))
  console.log(`READY ${proxy.listeners[0]!.port}`)
  return yield* Effect.never
}), Layer.mergeAll(tcpLayer, PipeListeners.layer, Lifecycle.layer))
