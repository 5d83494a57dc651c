// Test support for the admin and metrics tests: an echo upstream, a silent upstream, a runtime config with an admin section.
import * as net from "node:net"
import { create } from "@bufbuild/protobuf"
import { createClient } from "@connectrpc/connect"
import { createGrpcTransport } from "@connectrpc/connect-node"
import { startEchoService, type ServiceHandle } from "@mosaic/demo-services"
import { InvokeServiceRequestSchema, Runtime } from "@mosaic/proto"

export interface Upstreams {
  readonly echo: ServiceHandle
  /** Accepts and never answers (a call to it stays in flight). */
  readonly silentPort: number
  /** Close the silent server's connections (the calls on it fail). */
  readonly dropSilent: () => void
  readonly close: () => Promise<void>
}

export const startUpstreams = async (): Promise<Upstreams> => {
  const echo = await startEchoService()
  const sockets = new Set<net.Socket>()
  const silent = net.createServer((s) => {
    sockets.add(s)
    s.on("close", () => sockets.delete(s))
    s.on("error", () => {})
  })
  await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()))
  const dropSilent = () => {
    for (const s of sockets) s.destroy()
  }
  return {
    echo,
    silentPort: (silent.address() as net.AddressInfo).port,
    dropSilent,
    close: async () => {
      dropSilent()
      await new Promise<void>((r) => silent.close(() => r()))
      await echo.close()
    }
  }
}

export interface RuntimeConfigOptions {
  readonly echoPort: number
  readonly silentPort: number
  /** The top-level sections to add (admin, metrics), as given. */
  readonly extra?: Record<string, unknown>
  /** More listeners (e.g. Layotto's actuator listener). */
  readonly listeners?: ReadonlyArray<unknown>
  /** Another cluster (to see a reload take effect). */
  readonly extraCluster?: string
}

/** gRPC ingress → http channel → HTTP/1 proxy listener "egress_http" (TCP on a free port too) → echo / silent / dead clusters. */
export const runtimeConfig = (o: RuntimeConfigOptions) => ({
  servers: [{
    routers: [{
      router_config_name: "http_router",
      virtual_hosts: [{
        name: "all",
        domains: ["*"],
        routers: [
          { match: { headers: [{ name: "id", value: "HelloService:1.0" }] }, route: { cluster_name: "echo" } },
          { match: { headers: [{ name: "id", value: "SilentService" }] }, route: { cluster_name: "silent" } },
          { match: { headers: [{ name: "id", value: "DownService" }] }, route: { cluster_name: "dead" } },
          { match: { prefix: "/echo" }, route: { cluster_name: "echo" } }
        ]
      }]
    }],
    listeners: [
      {
        name: "grpc", address: "127.0.0.1:0", bind_port: true,
        filter_chains: [{ filters: [{ type: "grpc", config: { server_name: "runtime", grpc_config: { rpcs: { mosn: { type: "mosn", config: {
          channel: [{ size: 16, protocol: "http", listener: "egress_http" }]
        } } } } } }] }]
      },
      {
        name: "egress_http", address: "127.0.0.1:0", bind_port: true,
        filter_chains: [{ filters: [{ type: "proxy", config: { downstream_protocol: "Http1", router_config_name: "http_router", upstream_protocol: "Http1" } }] }]
      },
      ...o.listeners ?? []
    ]
  }],
  cluster_manager: {
    tls_context: { status: false, private_key: "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----" },
    clusters: [
      { name: "echo", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: `127.0.0.1:${o.echoPort}`, weight: 3 }] },
      { name: "silent", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: `127.0.0.1:${o.silentPort}` }] },
      { name: "dead", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: "127.0.0.1:1" }] },
      ...o.extraCluster === undefined ? [] : [{ name: o.extraCluster, type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: `127.0.0.1:${o.echoPort}` }] }]
    ]
  },
  ...o.extra
})

export const adminSection = (extra: Record<string, unknown> = {}) => ({
  admin: { address: { socket_address: { address: "127.0.0.1", port_value: 0 } }, ...extra }
})

/** InvokeService once; resolves to the gRPC code name ("OK" or the error's). */
export const invoke = async (grpcPort: number, id: string, method: string, timeoutMs = 5000): Promise<string> => {
  const client = createClient(Runtime, createGrpcTransport({ baseUrl: `http://127.0.0.1:${grpcPort}` }))
  const req = create(InvokeServiceRequestSchema, { id, message: { method, data: { value: new TextEncoder().encode("hi") } } })
  try {
    await client.invokeService(req, { timeoutMs })
    return "OK"
  } catch (e) {
    const code = (e as { code?: number }).code ?? 2
    return ["OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"][code] ?? String(code)
  }
}

/** One HTTP/1 request straight to the proxy listener; resolves to the status. */
export const httpGet = async (port: number, path: string): Promise<number> => {
  const r = await fetch(`http://127.0.0.1:${port}${path}`)
  await r.arrayBuffer()
  return r.status
}

/** The value of one sample line in a text exposition (0 when absent). */
export const sample = (text: string, series: string): number => {
  for (const line of text.split("\n")) if (line.startsWith(series + " ")) return Number(line.slice(series.length + 1))
  return 0
}
