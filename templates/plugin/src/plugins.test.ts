// Tests: both filters decode their config (defaults, errors at their JSON path) and act in a real runtime: a call through the sidecar reaches an HTTP upstream changed by each.
import { test } from "node:test"
import assert from "node:assert/strict"
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import { Effect } from "effect"
import { makeRegistry, type PluginKind, type PluginRef } from "@mosaic/kernel"
import { BeforeInvokeKind, type RpcRequest } from "@mosaic/rpc"
import { StreamFilterKind } from "@mosaic/proxy"
import { startFromConfig } from "@mosaic/sidecar"
import { plugins } from "./index.ts"

/** Build one plugin's value by name from a registry of this package's plugins, as the runtime does. */
const build = <V, E>(kind: PluginKind<V, E, never>, ref: PluginRef, path: string): Promise<V> =>
  Effect.runPromise(Effect.scoped(makeRegistry(plugins).pipe(Effect.flatMap((r) => r.instantiate(kind, ref, path)))))

const request = (header: Record<string, string>) => ({ header }) as RpcRequest

test("tenant: stamps the header when the caller sent none, keeps the caller's unless overwrite", async () => {
  const filter = await build(BeforeInvokeKind, { name: "tenant", config: { value: "acme" } }, "before_invoke[0]")
  assert.deepEqual((await filter(request({}))).header, { "x-tenant": "acme" })
  assert.deepEqual((await filter(request({ "x-tenant": "other" }))).header, { "x-tenant": "other" })
  const overwrite = await build(BeforeInvokeKind, { name: "tenant", config: { value: "acme", header: "X-Org", overwrite: true } }, "before_invoke[0]")
  assert.deepEqual((await overwrite(request({ "x-org": "other" }))).header, { "x-org": "acme" })
})

test("bad configs fail with the JSON path of the bad value", async () => {
  await assert.rejects(build(BeforeInvokeKind, { name: "tenant", config: {} }, "before_invoke[1]"), /config error at before_invoke\[1\]\.config\.value/)
  await assert.rejects(build(StreamFilterKind, { type: "strip_prefix", config: { prefix: "api/" } }, "stream_filters[0]"), /config error at stream_filters\[0\]\.config\.prefix: a path prefix/)
})

/** An HTTP upstream on 127.0.0.1:0 that answers with the path and tenant it received. */
const startUpstream = () =>
  new Promise<{ port: number; close: () => Promise<void> }>((resolve) => {
    const server = http.createServer((req, res) => res.end(`${req.method} ${req.url} tenant=${req.headers["x-tenant"] ?? "none"}`))
    server.listen(0, "127.0.0.1", () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r())))
      }))
  })

/** A gRPC listener whose invoker runs `tenant` and calls an egress proxy listener (through a pipe) that runs `strip_prefix`. */
const config = (upstreamPort: number) => ({
  servers: [{
    routers: [{ router_config_name: "r", virtual_hosts: [{ name: "all", domains: ["*"], routers: [{ match: { prefix: "/" }, route: { cluster_name: "up" } }] }] }],
    listeners: [
      {
        name: "grpc", address: "127.0.0.1:0", bind_port: true,
        filter_chains: [{ filters: [{ type: "grpc", config: { grpc_config: { rpcs: { mosn: { type: "mosn", config: {
          before_invoke: [{ name: "tenant", config: { value: "acme" } }],
          channel: [{ protocol: "http", listener: "egress" }]
        } } } } } }] }]
      },
      {
        name: "egress", address: "127.0.0.1:0", bind_port: false,
        stream_filters: [{ type: "strip_prefix", config: { prefix: "/api" } }],
        filter_chains: [{ filters: [{ type: "proxy", config: { downstream_protocol: "Http1", router_config_name: "r" } }] }]
      }
    ]
  }],
  cluster_manager: { clusters: [{ name: "up", lb_type: "LB_ROUNDROBIN", hosts: [{ address: `127.0.0.1:${upstreamPort}` }] }] }
})

test("in a runtime: the call leaves with the tenant header and without the /api prefix", async () => {
  const upstream = await startUpstream()
  const running = await startFromConfig(config(upstream.port), { plugins })
  try {
    // InvokeService over Connect JSON: plain fetch, no client library
    const res = await fetch(`http://127.0.0.1:${running.handle.ingressPorts[0]}/spec.proto.runtime.v1.Runtime/InvokeService`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: "users", message: { method: "/api/users/7", data: { "@type": "type.googleapis.com/google.protobuf.StringValue", value: "hi" } } })
    })
    const answer = await res.json() as { data?: { value?: string } }
    assert.equal(res.status, 200, JSON.stringify(answer))
    assert.equal(answer.data?.value, "GET /users/7 tenant=acme")
  } finally {
    await running.stop(1000)
    await upstream.close()
  }
})
