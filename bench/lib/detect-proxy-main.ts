// Runs the Mosaic proxy for bench/detect.ts: fixed Http1 and bolt listeners plus one Auto listener, same router. Usage: <http host:port> <bolt host:port>. Prints PORTS and READY.
import { Effect, Layer } from "effect"
import { decodeConfig, Lifecycle, runMain } from "@mosaic/kernel"
import { BoltProtocol } from "@mosaic/protocol-bolt"
import { DubboProtocol } from "@mosaic/protocol-dubbo"
import { TTHeaderProtocol } from "@mosaic/protocol-ttheader"
import { makeProxy, ProxyConfig } from "@mosaic/proxy"
import { PipeListeners } from "@mosaic/transport"
import { layer as tcpLayer } from "@mosaic/transport-node"

const httpUp = process.argv[2] ?? "127.0.0.1:8080"
const boltUp = process.argv[3] ?? "127.0.0.1:12200"
const listener = (name: string, downstream_protocol: string) => ({
  name, address: "127.0.0.1:0", bind_port: true,
  filter_chains: [{ filters: [{ type: "proxy", config: { downstream_protocol, router_config_name: "bench" } }] }]
})
const config = {
  listeners: [listener("fixed_http", "Http1"), listener("fixed_bolt", "bolt"), listener("auto", "Auto")],
  routers: [{
    router_config_name: "bench",
    virtual_hosts: [{
      name: "all", domains: ["*"], routers: [
        { match: { headers: [{ name: "service", value: ".+", regex: true }] }, route: { cluster_name: "bolt" } },
        { match: { prefix: "/" }, route: { cluster_name: "http" } }
      ]
    }]
  }],
  cluster_manager: {
    clusters: [
      { name: "http", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: httpUp }] },
      { name: "bolt", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: boltUp }] }
    ]
  }
}

// SIGTERM (or SIGINT) closes the proxy's scope, then the process exits 0
runMain(Effect.gen(function*() {
  const proxy = yield* makeProxy(yield* decodeConfig(ProxyConfig, config), {
    protocols: [new BoltProtocol("bolt"), new BoltProtocol("boltv2"), new DubboProtocol(), new TTHeaderProtocol()]
  })
  const port = (name: string) => proxy.listeners.find((l) => l.name === name)!.port
  console.log(`PORTS ${port("fixed_http")} ${port("fixed_bolt")} ${port("auto")}`)
  console.log(`READY ${port("auto")}`)
  return yield* Effect.never
}), Layer.mergeAll(tcpLayer, PipeListeners.layer, Lifecycle.layer))
