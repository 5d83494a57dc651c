// The consumer test: packs every publishable package, installs the tarballs into a project outside the repo, type-checks and
// runs a program there on Node, Bun and Deno, and runs the installed `mosaic` CLI on each runtime with one call through it,
// with two plugin packages loaded through "plugins" (the template renamed, examples/protocol-resp; see consumer-plugins.ts).
// Usage: npm run test:consumer [-- --keep]   env MOSAIC_RUNTIMES=node,bun,deno (default all three). Ends with "N passed, N failed".
import { spawn } from "node:child_process"
import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { preparePlugins, TENANT } from "./consumer-plugins.ts"
import { bin, env, installedVersion as version, pack, root, run } from "./pack-install.ts"

const keep = process.argv.includes("--keep")
const runtimes = (process.env.MOSAIC_RUNTIMES ?? "node,bun,deno").split(",").map((s) => s.trim())

let passed = 0
let failed = 0
const step = async <A>(name: string, f: () => Promise<A> | A): Promise<A | undefined> => {
  const t0 = Date.now()
  try {
    const a = await f()
    passed++
    console.log(`ok   ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
    return a
  } catch (e) {
    failed++
    console.log(`FAIL ${name}: ${e instanceof Error ? e.message : String(e)}`)
    return undefined
  }
}

// ---- 1. manifests, then pack ----
const work = mkdtempSync(join(tmpdir(), "mosaic-consumer-"))
const tarballs = join(work, "tarballs")
const project = join(work, "project")
mkdirSync(tarballs)
mkdirSync(project)
console.log(`consumer test in ${work}`)

await step("package manifests (scripts/packages.ts)", () => run(bin("node"), ["scripts/packages.ts"], root))

const publishable = (): Array<string> => {
  const out: Array<string> = []
  for (const dir of ["packages", "apps"]) {
    for (const name of run("ls", [dir], root).split("\n").filter(Boolean)) {
      try {
        const m = JSON.parse(readFileSync(join(root, dir, name, "package.json"), "utf8")) as { name: string; private?: boolean }
        if (m.private !== true) out.push(m.name)
      } catch { /* not a package */ }
    }
  }
  return out.sort()
}
const names = publishable()
const packed = await step(`npm pack ${names.length} publishable packages (prepack builds each)`, () => pack(names, tarballs)) ?? []

await step("each tarball ships dist/**/*.js and dist/**/*.d.ts, README and LICENSE, no src, tests or fixtures", () => {
  const bad: Array<string> = []
  for (const p of packed) {
    const files = p.files.map((f) => f.path)
    const has = (re: RegExp) => files.some((f) => re.test(f))
    if (!has(/^dist\/.*\.js$/) || !has(/^dist\/.*\.d\.ts$/)) bad.push(`${p.name}: no dist js/d.ts`)
    if (!files.includes("README.md") || !files.includes("LICENSE")) bad.push(`${p.name}: no README.md/LICENSE`)
    for (const f of files) if (/\.(test|fixture|example)\.|^src\//.test(f)) bad.push(`${p.name}: ships ${f}`)
  }
  if (packed.length !== names.length) bad.push(`packed ${packed.length} of ${names.length}`)
  if (bad.length > 0) throw new Error(bad.join("\n"))
})
console.log("\ntarball                                  packed    unpacked  files")
for (const p of packed) console.log(`${p.filename.padEnd(40)} ${(p.size / 1024).toFixed(1).padStart(6)} KB ${(p.unpackedSize / 1024).toFixed(1).padStart(7)} KB ${String(p.files.length).padStart(5)}`)
const total = packed.reduce((n, p) => n + p.size, 0)
console.log(`${"all".padEnd(40)} ${(total / 1024).toFixed(1).padStart(6)} KB\n`)

// ---- 2. a project outside the repo that installs the tarballs ----
writeFileSync(join(project, "package.json"), JSON.stringify({
  name: "mosaic-consumer",
  private: true,
  type: "module",
  dependencies: {
    ...Object.fromEntries(packed.map((p) => [p.name, `file:../tarballs/${p.filename}`])),
    "effect": `^${version("effect")}`,
    "@bufbuild/protobuf": `^${version("@bufbuild/protobuf")}`,
    "@connectrpc/connect": `^${version("@connectrpc/connect")}`,
    "@connectrpc/connect-node": `^${version("@connectrpc/connect-node")}`
  },
  devDependencies: { "@types/node": `^${version("@types/node")}` }
}, null, 2))
writeFileSync(join(project, "tsconfig.json"), JSON.stringify({
  compilerOptions: {
    target: "ES2023", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true,
    skipLibCheck: false, types: ["node"]
  },
  include: ["main.ts"]
}, null, 2))
// The consumer program: a runtime from a config value, one InvokeService call through it with a Connect client, then stop.
writeFileSync(join(project, "main.ts"), `// A program outside the Mosaic repo, on the published packages only.
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { create } from "@bufbuild/protobuf"
import { createClient } from "@connectrpc/connect"
import { createConnectTransport } from "@connectrpc/connect-node"
import { Effect } from "effect"
import { ConfigError } from "@mosaic/kernel"
import { InvokeServiceRequestSchema, Runtime } from "@mosaic/proto"
import { startFromConfig, type Running } from "@mosaic/sidecar"

const runtime = "Bun" in globalThis ? "bun" : "Deno" in globalThis ? "deno" : "node"
const upstream = createServer((req, res) => res.end(\`\${req.method} \${req.url} from upstream\`))
await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve))
const config = JSON.parse(process.argv[2]!.replace("UPSTREAM_PORT", String((upstream.address() as AddressInfo).port)))
const running: Running = await startFromConfig(config)
const port = running.handle.ingressPorts[0]!
const client = createClient(Runtime, createConnectTransport({ baseUrl: \`http://127.0.0.1:\${port}\`, httpVersion: "1.1" }))
const reply = await client.invokeService(create(InvokeServiceRequestSchema, { id: "HelloService:1.0", message: { method: "/hello" } }))
const text: string = new TextDecoder().decode(reply.data?.value)
const error: string = await Effect.runPromise(Effect.flip(Effect.fail(ConfigError.at("a.b", "checked")))).then((e) => e.message)
console.log(\`consumer program on \${runtime}: InvokeService HelloService:1.0 /hello -> \${JSON.stringify(text)}; kernel error: \${error}\`)
await running.stop(1000)
upstream.close()
`)

// A Layotto-shaped config: Runtime API on a free port, one http channel through an egress proxy listener to the upstream.
const layottoConfig = (upstreamPort: number | string, extra: Record<string, unknown> = {}) => ({
  ...extra,
  servers: [{
    default_log_path: "stdout",
    routers: [{
      router_config_name: "http_router",
      virtual_hosts: [{ name: "h", domains: ["*"], routers: [{ match: { headers: [{ name: "id", value: "HelloService:1.0" }] }, route: { cluster_name: "upstream" } }] }]
    }],
    listeners: [
      {
        name: "grpc", address: "127.0.0.1:0", bind_port: true,
        filter_chains: [{ filters: [{ type: "grpc", config: { server_name: "runtime", grpc_config: { rpcs: { mosn: { type: "mosn", config: {
          channel: [{ size: 4, protocol: "http", listener: "egress_http" }]
        } } } } } }] }]
      },
      {
        name: "egress_http", type: "egress", address: "127.0.0.1:0", bind_port: true, network: "tcp",
        filter_chains: [{ filters: [{ type: "proxy", config: { downstream_protocol: "Http1", upstream_protocol: "Http1", router_config_name: "http_router" } }] }]
      }
    ]
  }],
  cluster_manager: { clusters: [{ name: "upstream", type: "SIMPLE", lb_type: "LB_RANDOM", hosts: [{ address: `127.0.0.1:${upstreamPort}` }] }] }
})

const installed = await step("npm install the tarballs in a project outside the repo (--prefer-offline)", () =>
  run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], project, 600_000))
const treeOk = await step("the installed tree holds one copy of effect and of each @mosaic package, none fetched from a registry", () => {
  const ls = JSON.parse(run("npm", ["ls", "--all", "--json"], project)) as { dependencies: Record<string, { version: string; resolved?: string }> }
  const bad = Object.entries(ls.dependencies).filter(([n, d]) => n.startsWith("@mosaic/") && !d.resolved?.startsWith("file:"))
  if (bad.length > 0) throw new Error(`not from the tarballs: ${bad.map(([n]) => n).join(", ")}`)
  const effects = run("npm", ["ls", "effect", "--all", "--parseable"], project).trim().split("\n").filter(Boolean)
  if (effects.length !== 1) throw new Error(`effect installed ${effects.length} times: ${effects.join(", ")}`)
})
void installed
void treeOk

await step("type-check the program with TypeScript 7 (strict, NodeNext, no allowImportingTsExtensions, skipLibCheck false)", () =>
  run(bin("tsc"), ["-p", "tsconfig.json"], project))

const runtimeVersion = (rt: string): string =>
  rt === "node" ? run(bin("node"), ["--version"], project).trim()
  : rt === "bun" ? `bun ${run(bin("bun"), ["--version"], project).trim()}`
  : run(bin("deno"), ["--version"], project).split("\n")[0]!.trim()

const programCmd: Record<string, [string, Array<string>]> = {
  node: [bin("node"), ["main.ts"]],
  bun: [bin("bun"), ["main.ts"]],
  deno: [bin("deno"), ["run", "-A", "main.ts"]]
}
const programConfig = JSON.stringify(layottoConfig("UPSTREAM_PORT"))
for (const rt of runtimes) {
  await step(`run the program on ${runtimeVersion(rt)}`, () => {
    const [cmd, args] = programCmd[rt]!
    const out = run(cmd, [...args, programConfig], project, 120_000)
    const line = out.split("\n").find((l) => l.startsWith("consumer program on"))
    if (line === undefined || !line.includes(`on ${rt}:`) || !line.includes(`"GET /hello from upstream"`)) throw new Error(`unexpected output:\n${out}`)
    console.log(`     ${line}`)
  })
}

// ---- 3. the installed CLI: mosaic run -c config.json on each runtime, one InvokeService call through it ----
const upstream: Server = createServer((req, res) => {
  const tenant = req.headers["x-tenant"]
  res.end(`${req.method} ${req.url} from upstream${tenant === undefined ? "" : ` for ${tenant}`}`)
})
await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve))
const upstreamPort = (upstream.address() as AddressInfo).port

// Two plugin packages loaded through "plugins": templates/plugin copied and renamed (its tenant and strip_prefix filters on
// the InvokeService path) and examples/protocol-resp (a `resp` listener to a real redis-server); one call through each.
const plugins = await preparePlugins(step, work, project, tarballs)
const pluginChecks: Array<(cli: { runtime: string; grpcPort: number }) => Promise<string>> = plugins.specs.length > 0 ? [plugins.check] : []
/** The upstream's answer to /hello: the template's `tenant` filter stamps every call when the plugins load. */
const helloReply = `GET /hello from upstream${plugins.specs.length > 0 ? ` for ${TENANT}` : ""}`

writeFileSync(join(project, "config.json"), JSON.stringify(plugins.extend(layottoConfig(upstreamPort)), null, 2))
const cliCmd: Record<string, [string, Array<string>]> = {
  node: [join(project, "node_modules", ".bin", "mosaic"), []],
  bun: [bin("bun"), ["x", "--bun", "mosaic"]],
  deno: [bin("deno"), ["run", "-A", "npm:@mosaic/sidecar"]]
}

const invoke = async (port: number): Promise<string> => {
  const res = await fetch(`http://127.0.0.1:${port}/spec.proto.runtime.v1.Runtime/InvokeService`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ id: "HelloService:1.0", message: { method: "/hello", data: { "@type": "type.googleapis.com/google.protobuf.StringValue", value: "hi" } } })
  })
  const body = await res.text()
  if (res.status !== 200) throw new Error(`InvokeService: HTTP ${res.status} ${body}`)
  return body
}

// The executable of the process that printed "runtime up (...), pid N": proves which runtime serves (Linux /proc).
const processOf = (out: string): string => {
  const pid = /pid (\d+)/.exec(out)?.[1]
  try {
    return readlinkSync(`/proc/${pid}/exe`).split("/").slice(-3).join("/")
  } catch {
    return `pid ${pid} (no /proc)`
  }
}

const runCli = (rt: string) => new Promise<string>((resolve, reject) => {
  const [cmd, pre] = cliCmd[rt]!
  const args = [...pre, "run", "-c", "config.json"]
  const shown = `${rt === "node" ? "node_modules/.bin/mosaic" : rt === "bun" ? "bunx --bun mosaic" : "deno run -A npm:@mosaic/sidecar"} run -c config.json`
  const child = spawn(cmd, args, { cwd: project, env, stdio: ["ignore", "pipe", "pipe"] })
  let out = ""
  let settled = false
  let called = false
  const timer = setTimeout(() => finish(new Error(`no "runtime up" within 60 s:\n${out}`)), 60_000)
  const finish = (e: Error | undefined, line?: string) => {
    if (settled) return
    settled = true
    clearTimeout(timer)
    if (e !== undefined) {
      child.kill("SIGKILL")
      reject(e)
    } else resolve(line!)
  }
  const onData = (b: Buffer) => {
    out += b.toString()
    const m = /runtime up \(grpc on (\d+)\)/.exec(out)
    if (m === null || called || settled) return
    called = true
    const grpcPort = Number(m[1])
    const t0 = performance.now()
    void (async () => {
      try {
        const reply = await invoke(grpcPort)
        const ms = performance.now() - t0
        const value = (JSON.parse(reply) as { data?: { value?: string } }).data?.value
        if (value !== helloReply) throw new Error(`unexpected reply ${reply}`)
        const extra: Array<string> = []
        for (const check of pluginChecks) extra.push(await check({ runtime: rt, grpcPort }))
        const proc = processOf(out)
        if (!proc.includes(rt) && !proc.includes("no /proc")) throw new Error(`the runtime process is ${proc}, not ${rt}`)
        child.kill("SIGTERM")
        const code = await new Promise<number | null>((r) => child.once("exit", (c) => r(c)))
        if (code !== 0) throw new Error(`exit ${code} after SIGTERM:\n${out}`)
        finish(undefined, `${shown} (process ${proc}): InvokeService HelloService:1.0 /hello -> ${JSON.stringify(value)} (${ms.toFixed(0)} ms), SIGTERM -> exit 0${extra.map((x) => `; ${x}`).join("")}`)
      } catch (e) {
        const cause = e instanceof Error && e.cause !== undefined ? ` (${String((e.cause as Error).message ?? e.cause)})` : ""
        finish(new Error(`${e instanceof Error ? e.message : String(e)}${cause}\n${out}`))
      }
    })()
  }
  child.stdout.on("data", onData)
  child.stderr.on("data", onData)
  child.on("exit", (code) => { if (!settled && !/runtime up/.test(out)) finish(new Error(`exited ${code} before "runtime up":\n${out}`)) })
})

for (const rt of runtimes) {
  await step(`installed CLI on ${runtimeVersion(rt)}`, async () => console.log(`     ${await runCli(rt)}`))
}
upstream.close()
await plugins.stop()

// ---- 4. the installed gateway bin starts on each runtime (its packaged config, listeners on free ports) ----
const gatewayConfig = JSON.parse(readFileSync(join(project, "node_modules/@mosaic/gateway/configs/gateway.json"), "utf8")) as {
  servers: Array<{ listeners: Array<{ address: string }> }>
}
for (const l of gatewayConfig.servers[0]!.listeners) l.address = "127.0.0.1:0"
writeFileSync(join(project, "gateway.json"), JSON.stringify(gatewayConfig))
const gatewayCmd: Record<string, [string, Array<string>]> = {
  node: [join(project, "node_modules", ".bin", "mosaic-gateway"), []],
  bun: [bin("bun"), ["x", "--bun", "mosaic-gateway"]],
  deno: [bin("deno"), ["run", "-A", "npm:@mosaic/gateway"]]
}
const runGateway = (rt: string) => new Promise<string>((resolve, reject) => {
  const [cmd, pre] = gatewayCmd[rt]!
  const child = spawn(cmd, [...pre, "-c", "gateway.json"], { cwd: project, env, stdio: ["ignore", "pipe", "pipe"] })
  let out = ""
  const timer = setTimeout(() => { child.kill("SIGKILL"); reject(new Error(`no "listening" within 60 s:\n${out}`)) }, 60_000)
  const onData = (b: Buffer) => {
    out += b.toString()
    const m = /mosaic gateway listening: (.*)/.exec(out)
    if (m === null) return
    child.stdout.off("data", onData)
    child.kill("SIGTERM")
    child.once("exit", (code) => {
      clearTimeout(timer)
      if (code === 0) resolve(m[1]!)
      else reject(new Error(`exit ${code} after SIGTERM:\n${out}`))
    })
  }
  child.stdout.on("data", onData)
  child.stderr.on("data", (b: Buffer) => { out += b.toString() })
  child.on("exit", (code) => { if (!/listening/.test(out)) { clearTimeout(timer); reject(new Error(`exited ${code}:\n${out}`)) } })
})
for (const rt of runtimes) {
  await step(`installed gateway bin on ${rt}`, async () => console.log(`     mosaic-gateway on ${rt}: listening ${await runGateway(rt)}, SIGTERM -> exit 0`))
}

if (!keep) rmSync(work, { recursive: true, force: true })
else console.log(`kept ${work}`)
console.log(`\nconsumer: ${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
