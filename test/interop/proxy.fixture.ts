// Interop fixture: a Mosaic proxy (Bolt/Dubbo listener on 127.0.0.1:0, one route by `service` or any) in this process.
import { Effect, Layer } from "effect"
import { decodeConfig, Lifecycle, startMain } from "@mosaic/kernel"
import { BoltProtocol } from "@mosaic/protocol-bolt"
import { DubboProtocol } from "@mosaic/protocol-dubbo"
import { TTHeaderProtocol } from "@mosaic/protocol-ttheader"
import { makeProxy, type Proxy, ProxyConfig } from "@mosaic/proxy"
import { PipeListeners } from "@mosaic/transport"
import * as NodeTransport from "@mosaic/transport-node"

export interface RunningProxy {
  readonly proxy: Proxy
  readonly port: number
  close(): Promise<void>
}

/**
 * A proxy with one listener speaking `protocol` (MOSN form: `downstream_protocol: "X"` + `sub_protocol`)
 * routed to `upstream` ("host:port") when the request's `service` matches `service` (a regex; default any).
 */
export const startProxy = async (protocol: "bolt" | "boltv2" | "dubbo", upstream: string, service = ".*"): Promise<RunningProxy> => {
  const config = {
    listeners: [{
      name: `interop_${protocol}`,
      address: "127.0.0.1:0",
      bind_port: true,
      filter_chains: [{
        filters: [{ type: "proxy", config: { downstream_protocol: "X", upstream_protocol: "X", extend_config: { sub_protocol: protocol }, router_config_name: "interop" } }]
      }]
    }],
    routers: [{
      router_config_name: "interop",
      virtual_hosts: [{ name: "all", domains: ["*"], routers: [{ match: { headers: [{ name: "service", value: service, regex: true }] }, route: { cluster_name: "upstream", timeout: "3s" } }] }]
    }],
    cluster_manager: { clusters: [{ name: "upstream", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: upstream }] }] }
  }
  const running = await startMain(
    Effect.gen(function*() {
      return yield* makeProxy(yield* decodeConfig(ProxyConfig, config), {
        log: () => {},
        protocols: [new BoltProtocol("bolt"), new BoltProtocol("boltv2"), new DubboProtocol(), new TTHeaderProtocol()]
      })
    }),
    Layer.mergeAll(NodeTransport.layer, PipeListeners.layer, Lifecycle.layer)
  )
  const proxy = running.value
  return { proxy, port: proxy.listeners[0]!.port!, close: running.close }
}
