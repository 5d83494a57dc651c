// Shared e2e fixtures: demo upstreams on port 0 and a Layotto-shaped config pointing at them.
import {
  startBoltEchoService, startDubboUserProvider, startEchoService, startUserProvider, type ServiceHandle
} from "@mosaic/demo-services"

export interface Upstreams {
  readonly echo: ServiceHandle
  readonly users: ServiceHandle
  readonly bolt: { readonly port: number }
  readonly dubbo: { readonly port: number }
  close(): Promise<void>
}

export const startUpstreams = async (): Promise<Upstreams> => {
  const echo = await startEchoService()
  const users = await startUserProvider()
  const bolt = await startBoltEchoService()
  const dubbo = await startDubboUserProvider()
  return { echo, users, bolt, dubbo, close: async () => void await Promise.all([echo.close(), users.close(), bolt.close(), dubbo.close()]) }
}

export interface ConfigOptions {
  readonly echoPort: number
  readonly usersPort: number
  /** A port nothing listens on, for the "upstream down" cluster. */
  readonly deadPort?: number
  /** A port whose server never answers, for the "slow upstream" cluster. */
  readonly slowPort?: number
  readonly grpcPort?: number
  readonly proxyPort?: number
  /** Bolt EchoService and Dubbo UserProvider, reached by the bolt and dubbo channels. */
  readonly boltPort?: number
  readonly dubboPort?: number
}

/** Layotto's demo config shape, both demos in one runtime, plus clusters for fault cases. */
export const layottoConfig = (o: ConfigOptions) => ({
  servers: [{
    default_log_path: "stdout",
    routers: [{
      router_config_name: "http_router",
      virtual_hosts: [{
        name: "http_host",
        domains: ["*"],
        routers: [
          { match: { headers: [{ name: "id", value: "HelloService:1.0" }] }, route: { cluster_name: "http_server" } },
          { match: { headers: [{ name: "x-services", value: "org.apache.dubbo.samples.UserProvider" }] }, route: { cluster_name: "jsonrpc_server" } },
          { match: { headers: [{ name: "id", value: "DownService" }] }, route: { cluster_name: "down_server" } },
          { match: { headers: [{ name: "id", value: "SlowService" }] }, route: { cluster_name: "slow_server" } }
        ]
      }]
    }],
    listeners: [
      {
        name: "grpc", address: `127.0.0.1:${o.grpcPort ?? 0}`, bind_port: true,
        filter_chains: [{ filters: [{ type: "grpc", config: { server_name: "runtime", grpc_config: { rpcs: { mosn: { type: "mosn", config: {
          before_invoke: [{ name: "dubbo_json_rpc", match: { id: "^org\\.apache\\.dubbo\\.samples\\.UserProvider$" } }],
          channel: [
            ...(o.boltPort === undefined ? [] : [{ protocol: "bolt", listener: `127.0.0.1:${o.boltPort}`, ext: { class: "com.alipay.sofa.rpc.core.request.SofaRequest" }, match: { id: "^com\\.example\\.EchoService:" } }]),
            ...(o.dubboPort === undefined ? [] : [{ protocol: "dubbo", listener: `127.0.0.1:${o.dubboPort}`, match: { id: "^org\\.apache\\.dubbo\\.samples\\.UserProvider:" } }]),
            { size: 16, protocol: "http", listener: "egress_runtime_http" }
          ]
        } } } } } }] }]
      },
      {
        name: "egress_runtime_http", type: "egress", address: `127.0.0.1:${o.proxyPort ?? 0}`, bind_port: true, network: "tcp",
        filter_chains: [{ filters: [{ type: "proxy", config: { downstream_protocol: "Http1", name: "proxy_config", router_config_name: "http_router", upstream_protocol: "Http1" } }] }]
      }
    ]
  }],
  cluster_manager: {
    tls_context: {},
    clusters: [
      { name: "http_server", type: "SIMPLE", lb_type: "LB_RANDOM", hosts: [{ address: `127.0.0.1:${o.echoPort}`, hostname: "downstream_machine1", weight: 1 }] },
      { name: "jsonrpc_server", type: "SIMPLE", lb_type: "LB_RANDOM", hosts: [{ address: `127.0.0.1:${o.usersPort}`, weight: 1 }] },
      { name: "down_server", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: `127.0.0.1:${o.deadPort ?? 1}` }] },
      { name: "slow_server", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: `127.0.0.1:${o.slowPort ?? 1}` }] }
    ]
  }
})
