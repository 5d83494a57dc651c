// Test: an HTTP/1-only proxy installs from the packages @mosaic/proxy needs (no bolt, dubbo, ttheader or hessian2) and proxies a request on Node, Bun and Deno.
import { test } from "node:test"
import assert from "node:assert/strict"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { bin, installedVersion, pack, run, runtimeClosure } from "../../scripts/pack-install.ts"

const isNode = !("Bun" in globalThis) && !("Deno" in globalThis)
const RPC_PACKAGES = ["@mosaic/protocol-bolt", "@mosaic/protocol-dubbo", "@mosaic/protocol-ttheader", "@mosaic/hessian2"]

// A program outside the repo: one Http1 listener to a node:http upstream, one request through it, then everything closed.
const program = `import { createServer, get } from "node:http"
import { Effect, Exit, Layer, Scope } from "effect"
import { decodeConfig } from "@mosaic/kernel"
import { PipeListeners } from "@mosaic/transport"
import { layer as tcp } from "@mosaic/transport-node"
import { makeProxy, ProxyConfig } from "@mosaic/proxy"

const missing = []
for (const name of ${JSON.stringify(RPC_PACKAGES)}) {
  try { await import(name); } catch { missing.push(name) }
}
const upstream = createServer((req, res) => res.end(req.method + " " + req.url + " from upstream"))
await new Promise((resolve) => upstream.listen(0, "127.0.0.1", resolve))
const config = {
  listeners: [{
    name: "http", address: "127.0.0.1:0", bind_port: true,
    filter_chains: [{ filters: [{ type: "proxy", config: { downstream_protocol: "Http1", upstream_protocol: "Http1", router_config_name: "r" } }] }]
  }],
  routers: [{ router_config_name: "r", virtual_hosts: [{ name: "v", domains: ["*"], routers: [{ match: { prefix: "/" }, route: { cluster_name: "c" } }] }] }],
  cluster_manager: { clusters: [{ name: "c", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: "127.0.0.1:" + upstream.address().port }] }] }
}
const scope = await Effect.runPromise(Scope.make())
const exit = await Effect.runPromiseExit(
  Effect.flatMap(decodeConfig(ProxyConfig, config), (c) => makeProxy(c)).pipe(Scope.provide(scope), Effect.provide(Layer.mergeAll(tcp, PipeListeners.layer)))
)
if (Exit.isFailure(exit)) throw new Error("proxy failed to start: " + String(exit.cause))
const reply = await new Promise((resolve, reject) => {
  get({ host: "127.0.0.1", port: exit.value.listeners[0].port, path: "/hello", agent: false }, (res) => {
    let body = ""
    res.on("data", (c) => { body += c })
    res.on("end", () => resolve(res.statusCode + " " + body))
  }).on("error", reject)
})
await Effect.runPromise(Scope.close(scope, Exit.void))
await new Promise((resolve) => upstream.close(resolve))
const runtime = "Bun" in globalThis ? "bun" : "Deno" in globalThis ? "deno" : "node"
console.log("http1-only on " + runtime + ": " + JSON.stringify(reply) + "; not resolvable: " + missing.join(", "))
`

// Packing and installing is done once, from the Node run, which then runs the installed program on all three runtimes;
// the Bun and Deno runs of this file would only repeat the same pack and install.
test("HTTP/1-only composition: only @mosaic/proxy's runtime dependencies are packed and installed; the proxy serves a request on node, bun and deno", {
  skip: isNode ? false : "packs and installs once from the Node run, which runs the installed program on node, bun and deno",
  timeout: 240_000
}, () => {
  const t0 = performance.now()
  // the proxy and a transport for it (Node's TCP), with what their package.json dependencies need, transitively
  const names = runtimeClosure("@mosaic/proxy", "@mosaic/transport-node")
  for (const rpc of RPC_PACKAGES) assert.ok(!names.includes(rpc), `the proxy needs ${rpc} at run time: ${names.join(", ")}`)
  const work = mkdtempSync(join(tmpdir(), "mosaic-http1-only-"))
  try {
    const tarballs = join(work, "tarballs")
    const project = join(work, "project")
    mkdirSync(tarballs)
    mkdirSync(project)
    const packed = pack(names, tarballs, true)
    assert.deepEqual(packed.map((p) => p.name).sort(), names)
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "http1-only", private: true, type: "module" }))
    writeFileSync(join(project, "main.mjs"), program)
    run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", ...packed.map((p) => join(tarballs, p.filename)), `effect@${installedVersion("effect")}`], project, 180_000)

    const installed = readdirSync(join(project, "node_modules", "@mosaic")).map((n) => `@mosaic/${n}`).sort()
    assert.deepEqual(installed, names)
    for (const rpc of RPC_PACKAGES) assert.equal(existsSync(join(project, "node_modules", rpc)), false, `${rpc} installed`)

    const lines: Array<string> = []
    for (const [rt, cmd, args] of [["node", bin("node"), ["main.mjs"]], ["bun", bin("bun"), ["main.mjs"]], ["deno", bin("deno"), ["run", "-A", "main.mjs"]]] as const) {
      const out = run(cmd, [...args], project, 60_000)
      const line = out.split("\n").find((l) => l.startsWith("http1-only on"))
      assert.equal(line, `http1-only on ${rt}: "200 GET /hello from upstream"; not resolvable: ${RPC_PACKAGES.join(", ")}`, out)
      lines.push(line!)
    }
    const kb = (n: number) => (n / 1024).toFixed(1)
    console.log(`${packed.map((p) => `${p.name} ${kb(p.size)} KB (${kb(p.unpackedSize)} KB unpacked)`).join("\n")}\n${lines.join("\n")}\n` +
      `${packed.length} packages, ${kb(packed.reduce((n, p) => n + p.size, 0))} KB packed; ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
})
