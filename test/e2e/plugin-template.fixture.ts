// Shared by the plugin e2e and docs tests: an upstream that echoes what reached it, a config using the template's filters (the docs' filter-refs.json), a Connect JSON call.
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import * as http from "node:http"
import type { AddressInfo } from "node:net"

/** The docs' config fragments naming the template's filters (docs/plugins.md shows this file). */
export const filterRefs = JSON.parse(readFileSync(new URL("../docs/snippets/filter-refs.json", import.meta.url), "utf8")) as {
  before_invoke: Array<unknown>
  stream_filters: Array<unknown>
}

/** An HTTP upstream on 127.0.0.1:0 that answers with the method, path and tenant it received. */
export const startUpstream = () =>
  new Promise<{ port: number; close: () => Promise<void> }>((resolve) => {
    const server = http.createServer((req, res) => {
      req.resume()
      res.end(`${req.method} ${req.url} tenant=${req.headers["x-tenant"] ?? "none"}`)
    })
    server.listen(0, "127.0.0.1", () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r())))
      }))
  })

/** gRPC ingress -> invoker (before_invoke `tenant`) -> http channel -> pipe -> proxy listener (stream filter `strip_prefix`) -> upstream. */
export const templateConfig = (upstreamPort: number, plugins?: ReadonlyArray<string>) => ({
  ...(plugins === undefined ? {} : { plugins }),
  servers: [{
    routers: [{ router_config_name: "r", virtual_hosts: [{ name: "all", domains: ["*"], routers: [{ match: { prefix: "/" }, route: { cluster_name: "up" } }] }] }],
    listeners: [
      {
        name: "grpc", address: "127.0.0.1:0", bind_port: true,
        filter_chains: [{ filters: [{ type: "grpc", config: { grpc_config: { rpcs: { mosn: { type: "mosn", config: {
          before_invoke: filterRefs.before_invoke,
          channel: [{ protocol: "http", listener: "egress" }]
        } } } } } }] }]
      },
      {
        name: "egress", address: "127.0.0.1:0", bind_port: false,
        stream_filters: filterRefs.stream_filters,
        filter_chains: [{ filters: [{ type: "proxy", config: { downstream_protocol: "Http1", router_config_name: "r" } }] }]
      }
    ]
  }],
  cluster_manager: { clusters: [{ name: "up", lb_type: "LB_ROUNDROBIN", hosts: [{ address: `127.0.0.1:${upstreamPort}` }] }] }
})

/** InvokeService over Connect JSON (HTTP/1.1, plain fetch): the answer's text, or the error's code and message. */
export const invoke = async (port: number, method: string, id = "users"): Promise<string> => {
  const res = await fetch(`http://127.0.0.1:${port}/spec.proto.runtime.v1.Runtime/InvokeService`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ id, message: { method, data: { "@type": "type.googleapis.com/google.protobuf.StringValue", value: "hi" } } })
  })
  const body = await res.json() as { data?: { value?: string }; code?: string; message?: string }
  if (res.status !== 200) return `${body.code}: ${body.message}`
  assert.ok(body.data !== undefined, JSON.stringify(body))
  return String(body.data.value)
}
