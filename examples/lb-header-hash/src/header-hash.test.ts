// Tests (real sockets): LB_HEADER_HASH registered beside the sidecar's plugins drives a proxy: sticky by header, stable when a host leaves.
import { test } from "node:test"
import assert from "node:assert/strict"
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import { Effect, Exit, Scope } from "effect"
import { decodeConfig, type Plugin, Registry } from "@mosaic/kernel"
import { type Proxy, ProxyConfig, ProxyKind } from "@mosaic/proxy"
import { runtimeLayer, sidecarPlugins } from "@mosaic/sidecar"
import { headerHashPlugin } from "./header-hash.ts"

interface Upstream {
  readonly name: string
  readonly address: string
  close(): Promise<void>
}

/** An HTTP server on 127.0.0.1:0 answering its own name. */
const upstream = (name: string): Promise<Upstream> =>
  new Promise((resolve) => {
    const server = http.createServer((_req, res) => res.end(name))
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      resolve({
        name,
        address: `127.0.0.1:${port}`,
        close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r())))
      })
    })
  })

const proxyConfig = (hosts: ReadonlyArray<string>) => ({
  listeners: [{
    name: "egress",
    address: "127.0.0.1:0",
    filter_chains: [{ filters: [{ type: "proxy", config: { downstream_protocol: "Http1", router_config_name: "r" } }] }]
  }],
  routers: [{ router_config_name: "r", virtual_hosts: [{ name: "all", domains: ["*"], routers: [{ match: { prefix: "/" }, route: { cluster_name: "users" } }] }] }],
  cluster_manager: {
    clusters: [{ name: "users", lb_type: "LB_HEADER_HASH", lbconfig: { header: "X-User" }, hosts: hosts.map((address) => ({ address })) }]
  }
})

/** The `proxy` plugin built by a kernel registry of `plugins` (as the sidecar builds it), until `close()`. */
const startProxy = async (plugins: ReadonlyArray<Plugin>, config: unknown) => {
  const scope = Effect.runSync(Scope.make())
  const exit = await Effect.runPromiseExit(
    Effect.gen(function*() {
      const registry = yield* Registry
      return yield* registry.instantiate(ProxyKind, { type: "proxy", config }, "proxy")
    }).pipe(Scope.provide(scope), Effect.provide(runtimeLayer(plugins))) as Effect.Effect<Proxy, unknown>
  )
  if (Exit.isFailure(exit)) {
    await Effect.runPromise(Scope.close(scope, Exit.void))
    throw new Error(String(exit.cause))
  }
  const proxy = exit.value
  return {
    proxy,
    url: `http://127.0.0.1:${proxy.listeners[0]!.port}/`,
    reload: (json: unknown) => Effect.runPromise(decodeConfig(ProxyConfig, json).pipe(Effect.flatMap((c) => proxy.reload(c)))),
    close: () => Effect.runPromise(Scope.close(scope, Exit.void))
  }
}

const ask = async (url: string, user?: string): Promise<string> => {
  const res = await fetch(url, { headers: user === undefined ? {} : { "x-user": user } })
  assert.equal(res.status, 200)
  return res.text()
}

const users = Array.from({ length: 40 }, (_, i) => `user-${i}`)

test("LB_HEADER_HASH from the sidecar's registry: one host per user, users spread, round robin without the header; a host that leaves moves only its users", async () => {
  const ups = await Promise.all(["a", "b", "c"].map(upstream))
  const p = await startProxy([...sidecarPlugins, headerHashPlugin], proxyConfig(ups.map((u) => u.address)))
  try {
    const first = new Map<string, string>()
    for (const user of users) first.set(user, await ask(p.url, user))
    for (const user of users) for (let i = 0; i < 2; i++) assert.equal(await ask(p.url, user), first.get(user), user)
    assert.deepEqual([...new Set(first.values())].sort(), ["a", "b", "c"])
    const anonymous = new Set<string>()
    for (let i = 0; i < 6; i++) anonymous.add(await ask(p.url))
    assert.deepEqual([...anonymous].sort(), ["a", "b", "c"])

    // "c" leaves the cluster: users of "a" and "b" stay put, users of "c" move to a or b
    await p.reload(proxyConfig([ups[0]!.address, ups[1]!.address]))
    for (const user of users) {
      const now = await ask(p.url, user)
      if (first.get(user) === "c") assert.notEqual(now, "c")
      else assert.equal(now, first.get(user), user)
    }
  } finally {
    await p.close()
    for (const u of ups) await u.close()
  }
})

test("the plugin must be registered: without it lb_type is a config error naming the path; registered twice, the registry refuses", async () => {
  const up = await upstream("a")
  try {
    await assert.rejects(startProxy(sidecarPlugins, proxyConfig([up.address])), /cluster_manager\.clusters\[0\]\.lb_type: unknown load_balancer plugin "LB_HEADER_HASH"/)
    await assert.rejects(startProxy([...sidecarPlugins, headerHashPlugin, headerHashPlugin], proxyConfig([up.address])), /plugin "LB_HEADER_HASH" of kind "load_balancer" is registered twice/)
    const bad = { ...proxyConfig([up.address]) }
    bad.cluster_manager.clusters[0]!.lbconfig = { header: "" }
    await assert.rejects(startProxy([...sidecarPlugins, headerHashPlugin], bad), /cluster_manager\.clusters\[0\]\.lbconfig\.header/)
  } finally {
    await up.close()
  }
})
