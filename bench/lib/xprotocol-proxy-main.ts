// Runs the Mosaic proxy as a benchmark child: one Bolt or Dubbo listener on 127.0.0.1:0 to one upstream. Usage: <bolt|dubbo> <host:port>. Prints READY <port>.
import { Effect, Exit, Layer, Scope } from "effect"
import { decodeConfig, Lifecycle } from "@mosaic/kernel"
import { makeProxy, ProxyConfig } from "@mosaic/proxy"
import { PipeListeners } from "@mosaic/transport"
import { layer as tcpLayer } from "@mosaic/transport-node"

const protocol = process.argv[2] ?? "bolt"
const upstream = process.argv[3] ?? "127.0.0.1:12200"
const config = {
  listeners: [{
    name: `bench_${protocol}`,
    address: "127.0.0.1:0",
    bind_port: true,
    filter_chains: [{
      filters: [{ type: "proxy", config: { downstream_protocol: "X", upstream_protocol: "X", extend_config: { sub_protocol: protocol }, router_config_name: "bench" } }]
    }]
  }],
  routers: [{
    router_config_name: "bench",
    virtual_hosts: [{ name: "all", domains: ["*"], routers: [{ match: { headers: [{ name: "service", value: ".*", regex: true }] }, route: { cluster_name: "echo" } }] }]
  }],
  cluster_manager: { clusters: [{ name: "echo", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: upstream }] }] }
}

const scope = await Effect.runPromise(Scope.make())
const proxy = await Effect.runPromise(
  Effect.gen(function*() {
    return yield* makeProxy(yield* decodeConfig(ProxyConfig, config))
  }).pipe(Scope.provide(scope), Effect.provide(Layer.mergeAll(tcpLayer, PipeListeners.layer, Lifecycle.layer)))
)
console.log(`READY ${proxy.listeners[0]!.port}`)
process.on("SIGTERM", () => {
  void Effect.runPromise(Scope.close(scope, Exit.void)).then(() => process.exit(0))
})
