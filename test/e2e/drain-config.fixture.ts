// A runtime config for process-level tests: a gRPC ingress whose http channel (pool `size`) goes through a pipe proxy listener to `upstreamPort`.
export const drainConfig = (o: { readonly upstreamPort: number; readonly size: number; readonly grpcPort?: number; readonly cluster?: string }) => ({
  servers: [{
    routers: [{
      router_config_name: "r",
      virtual_hosts: [{ name: "h", domains: ["*"], routers: [{ match: { prefix: "/" }, route: { cluster_name: o.cluster ?? "c" } }] }]
    }],
    listeners: [
      {
        name: "grpc", address: `127.0.0.1:${o.grpcPort ?? 0}`, bind_port: true,
        filter_chains: [{ filters: [{ type: "grpc", config: { grpc_config: { rpcs: { mosn: { type: "mosn", config: {
          channel: [{ size: o.size, protocol: "http", listener: "egress" }]
        } } } } } }] }]
      },
      {
        name: "egress", address: "127.0.0.1:0", bind_port: false,
        filter_chains: [{ filters: [{ type: "proxy", config: { downstream_protocol: "Http1", router_config_name: "r", upstream_protocol: "Http1" } }] }]
      }
    ]
  }],
  cluster_manager: {
    clusters: [{ name: o.cluster ?? "c", type: "SIMPLE", lb_type: "LB_RANDOM", hosts: [{ address: `127.0.0.1:${o.upstreamPort}` }] }]
  }
})
