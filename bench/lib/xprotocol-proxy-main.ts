// Runs the Mosaic proxy as a benchmark child: one Bolt or Dubbo listener on 127.0.0.1:0 to one upstream. Usage: <bolt|dubbo> <host:port>. Prints READY <port>.
import { Effect, Layer } from "effect"
import { decodeConfig, Lifecycle, runMain } from "@mosaic/kernel"
import { BoltProtocol } from "@mosaic/protocol-bolt"
import { DubboProtocol } from "@mosaic/protocol-dubbo"
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

// SIGTERM (or SIGINT) closes the proxy's scope, then the process exits 0
runMain(Effect.gen(function*() {
  const proxy = yield* makeProxy(yield* decodeConfig(ProxyConfig, config), { protocols: [new BoltProtocol("bolt"), new DubboProtocol()] })
  console.log(`READY ${proxy.listeners[0]!.port}`)
  return yield* Effect.never
}), Layer.mergeAll(tcpLayer, PipeListeners.layer, Lifecycle.layer))
