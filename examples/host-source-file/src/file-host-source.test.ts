// Tests (real sockets, a real file): the `file` host source registered beside the sidecar's plugins; the proxy follows the file.
import { test } from "node:test"
import assert from "node:assert/strict"
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import { mkdtemp, rename, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Exit, Scope } from "effect"
import { type Plugin, Registry } from "@mosaic/kernel"
import { type Proxy, ProxyKind } from "@mosaic/proxy"
import { runtimeLayer, sidecarPlugins } from "@mosaic/sidecar"
import { fileHostSourcePlugin } from "./file-host-source.ts"

interface Upstream {
  readonly address: string
  /** Requests to /slow wait here until released. */
  readonly held: Array<() => void>
  close(): Promise<void>
}

/** An HTTP server on 127.0.0.1:0 answering its own name; /slow answers when the test releases it. */
const upstream = (name: string): Promise<Upstream> =>
  new Promise((resolve) => {
    const held: Array<() => void> = []
    const server = http.createServer((req, res) => {
      if (req.url === "/slow") held.push(() => res.end(name))
      else res.end(name)
    })
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      resolve({ address: `127.0.0.1:${port}`, held, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) })
    })
  })

const proxyConfig = (file: string) => ({
  listeners: [{
    name: "egress",
    address: "127.0.0.1:0",
    filter_chains: [{ filters: [{ type: "proxy", config: { downstream_protocol: "Http1", router_config_name: "r" } }] }]
  }],
  routers: [{ router_config_name: "r", virtual_hosts: [{ name: "all", domains: ["*"], routers: [{ match: { prefix: "/" }, route: { cluster_name: "svc" } }] }] }],
  cluster_manager: { clusters: [{ name: "svc", host_source: { type: "file", config: { path: file, poll_interval_ms: 20 } } }] }
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
  return { url: `http://127.0.0.1:${exit.value.listeners[0]!.port}`, close: () => Effect.runPromise(Scope.close(scope, Exit.void)) }
}

/** Replace the file atomically (a reader never sees half of it). */
const writeHosts = async (file: string, text: string) => {
  await writeFile(`${file}.tmp`, text)
  await rename(`${file}.tmp`, file)
}
const hostsJson = (...addresses: Array<string>) => JSON.stringify({ hosts: addresses.map((address) => ({ address })) })

const ask = async (url: string): Promise<string> => {
  const res = await fetch(url)
  assert.equal(res.status, 200)
  return res.text()
}

/** Ask until `ok(answer)`, at most `tries` times (20 ms apart). */
const askUntil = async (url: string, ok: (answer: string) => boolean, tries = 500): Promise<void> => {
  for (let i = 0; i < tries; i++) {
    if (ok(await ask(url))) return
    await new Promise((r) => setTimeout(r, 20))
  }
  assert.fail("the proxy never followed the file")
}

const names = async (url: string, n: number) => {
  const seen = new Set<string>()
  for (let i = 0; i < n; i++) seen.add(await ask(url))
  return [...seen].sort()
}

test("file host source from the sidecar's registry: the proxy follows the file; a removed host's request in flight finishes; a broken file keeps the hosts", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mosaic-hosts-"))
  const file = join(dir, "hosts.json")
  const [a, b, c] = await Promise.all(["a", "b", "c"].map(upstream))
  await writeHosts(file, hostsJson(a!.address))
  const p = await startProxy([...sidecarPlugins, fileHostSourcePlugin], proxyConfig(file))
  try {
    assert.deepEqual(await names(p.url, 4), ["a"])
    // a request in flight on "a" when the file drops it
    const slow = fetch(`${p.url}/slow`).then((r) => r.text())
    while (a!.held.length === 0) await new Promise((r) => setTimeout(r, 5))
    await writeHosts(file, hostsJson(b!.address, c!.address))
    await askUntil(p.url, (x) => x !== "a")
    assert.deepEqual(await names(p.url, 20), ["b", "c"])
    a!.held[0]!()
    assert.equal(await slow, "a")
    // a broken file is reported and changes nothing; the next good one is followed
    await writeHosts(file, "{ not json")
    await new Promise((r) => setTimeout(r, 200))
    assert.deepEqual(await names(p.url, 20), ["b", "c"])
    await writeHosts(file, hostsJson(a!.address))
    await askUntil(p.url, (x) => x === "a")
    assert.deepEqual(await names(p.url, 10), ["a"])
  } finally {
    await p.close()
    for (const u of [a!, b!, c!]) await u.close()
    await rm(dir, { recursive: true, force: true })
  }
})

test("a missing file refuses the config at the host source's path; without the plugin registered, its name is unknown", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mosaic-hosts-"))
  try {
    const missing = join(dir, "none.json")
    await assert.rejects(
      startProxy([...sidecarPlugins, fileHostSourcePlugin], proxyConfig(missing)),
      /cluster_manager\.clusters\[0\]\.host_source\.config: .*none\.json/
    )
    await assert.rejects(startProxy(sidecarPlugins, proxyConfig(missing)), /cluster_manager\.clusters\[0\]\.host_source\.type: unknown host_source plugin "file" \(registered: static\)/)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})
