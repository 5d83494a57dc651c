// The consumer test's plugin part (issue 11, item 5): the plugin template copied and renamed, and examples/protocol-resp,
// built and packed, installed into the consumer project, loaded by the installed CLI through "plugins", one call through each.
import { cpSync, readFileSync, symlinkSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { freePort, type RedisServer, redisCli, redisMissing, startRedis } from "../examples/protocol-resp/src/redis-server.fixture.ts"
import { type Packed, packDir, root, run } from "./pack-install.ts"

/** The renamed copy of templates/plugin (as a stranger publishes it) and the RESP example's own package name. */
export const ACME = "mosaic-plugin-acme"
export const RESP = "@mosaic-examples/protocol-resp"
/** What the upstream answers to InvokeService "/hello" once the template's `tenant` filter stamped "acme". */
export const TENANT = "acme"

type Step = <A>(name: string, f: () => Promise<A> | A) => Promise<A | undefined>

export interface PluginPart {
  /** The config's "plugins" (empty when the packages did not install). */
  readonly specs: ReadonlyArray<string>
  /** Adds the template's filters to the Layotto-shaped config and, with redis-server, a `resp` listener and its cluster. */
  extend(config: any): any
  /** One InvokeService call through both template filters, and SET/GET through the resp listener: what happened, one line. */
  check(cli: { runtime: string; grpcPort: number }): Promise<string>
  stop(): Promise<void>
}

const describe = (p: Packed): string => `${p.filename} ${(p.size / 1024).toFixed(1)} KB, ${p.files.length} files (${p.files.map((f) => f.path).filter((f) => f.startsWith("dist/")).length} in dist)`

const shipsOnlyDist = (p: Packed): void => {
  const files = p.files.map((f) => f.path)
  if (!files.includes("dist/index.js") || !files.includes("dist/index.d.ts")) throw new Error(`${p.filename}: no dist/index.js + .d.ts`)
  const bad = files.filter((f) => f.startsWith("src/") || /\.(test|fixture)\./.test(f))
  if (bad.length > 0) throw new Error(`${p.filename} ships ${bad.join(", ")}`)
}

/** InvokeService over Connect JSON: the upstream's answer text. */
const invoke = async (port: number, method: string): Promise<string> => {
  const res = await fetch(`http://127.0.0.1:${port}/spec.proto.runtime.v1.Runtime/InvokeService`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ id: "HelloService:1.0", message: { method, data: { "@type": "type.googleapis.com/google.protobuf.StringValue", value: "hi" } } })
  })
  const body = await res.text()
  if (res.status !== 200) throw new Error(`InvokeService ${method}: HTTP ${res.status} ${body}`)
  return String((JSON.parse(body) as { data?: { value?: string } }).data?.value)
}

/** Copy, rename, build, pack and install the two plugin packages; start redis-server (or say in one line why not). */
export const preparePlugins = async (step: Step, work: string, project: string, tarballs: string): Promise<PluginPart> => {
  const acmeDir = join(work, ACME)
  const acme = await step(`copy templates/plugin to ${ACME} (renamed), npm pack it (prepack builds dist against the installed packages)`, () => {
    cpSync(join(root, "templates/plugin"), acmeDir, { recursive: true, filter: (src) => !/\/(node_modules|dist)$/.test(src) })
    const manifestPath = join(acmeDir, "package.json")
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Record<string, unknown>
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, name: ACME, description: "The template's tenant and strip_prefix filters, renamed." }, null, 2))
    // the author's dev install: @mosaic/*, effect and @types/node as the consumer project installed them from the tarballs
    symlinkSync(join(project, "node_modules"), join(acmeDir, "node_modules"), "dir")
    const p = packDir(acmeDir, tarballs)
    shipsOnlyDist(p)
    console.log(`     ${describe(p)}`)
    return p
  })
  const resp = await step("npm pack examples/protocol-resp (prepack builds dist)", () => {
    const p = packDir(join(root, "examples/protocol-resp"), tarballs)
    shipsOnlyDist(p)
    console.log(`     ${describe(p)}`)
    return p
  })
  const installed = acme !== undefined && resp !== undefined && await step(`npm install both plugin tarballs into the project`, () => {
    run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", `../${join("tarballs", acme.filename)}`, `../${join("tarballs", resp.filename)}`], project, 600_000)
    const effects = run("npm", ["ls", "effect", "--all", "--parseable"], project).trim().split("\n").filter(Boolean)
    if (effects.length !== 1) throw new Error(`effect installed ${effects.length} times: ${effects.join(", ")}`)
    return true
  }) === true

  const missing = installed ? redisMissing() : "the plugin packages did not install"
  let redis: RedisServer | undefined
  let respPort = 0
  if (missing === undefined) {
    redis = await step("start redis-server on a free loopback port", async () => {
      const r = await startRedis()
      console.log(`     redis-server ${run("redis-server", ["--version"], work).trim().split(" ")[2]} on 127.0.0.1:${r.port}, pid ${r.pid}`)
      return r
    })
    respPort = await freePort()
  } else console.log(`skip the resp listener: ${missing}`)

  return {
    specs: installed ? [ACME, RESP] : [],
    extend: (config) => {
      if (!installed) return config
      const server = config.servers[0]
      const grpc = server.listeners.find((l: { name: string }) => l.name === "grpc")
      grpc.filter_chains[0].filters[0].config.grpc_config.rpcs.mosn.config.before_invoke = [{ name: "tenant", config: { value: TENANT } }]
      server.listeners.find((l: { name: string }) => l.name === "egress_http").stream_filters = [{ type: "strip_prefix", config: { prefix: "/api" } }]
      if (redis !== undefined) {
        server.listeners.push({
          name: "redis", address: `127.0.0.1:${respPort}`, bind_port: true,
          filter_chains: [{ filters: [{ type: "proxy", config: { downstream_protocol: "resp", router_config_name: "redis_router" } }] }]
        })
        server.routers.push({ router_config_name: "redis_router", virtual_hosts: [{ name: "redis", domains: ["*"], routers: [{ match: { headers: [] }, route: { cluster_name: "redis" } }] }] })
        config.cluster_manager.clusters.push({ name: "redis", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: `127.0.0.1:${redis.port}` }] })
      }
      return { plugins: [ACME, RESP], ...config }
    },
    check: async ({ runtime, grpcPort }) => {
      const got = await invoke(grpcPort, "/api/users")
      const want = `GET /users from upstream for ${TENANT}`
      if (got !== want) throw new Error(`InvokeService /api/users -> ${JSON.stringify(got)}, not ${JSON.stringify(want)} (the template's filters did not act)`)
      let line = `InvokeService /api/users -> ${JSON.stringify(got)} (strip_prefix + tenant from ${ACME})`
      if (redis !== undefined) {
        const key = `mosaic:consumer:${runtime}`
        const set = (await redisCli(respPort, ["SET", key, `v-${runtime}`])).trim()
        const get = (await redisCli(respPort, ["GET", key])).trim()
        const direct = (await redisCli(redis.port, ["GET", key])).trim()
        if (set !== "OK" || get !== `v-${runtime}` || direct !== get) throw new Error(`resp listener: SET -> ${set}, GET -> ${get}, redis-server itself -> ${direct}`)
        line += `; redis-cli -p ${respPort} SET ${key} v-${runtime} -> ${set}, GET -> "${get}" (redis-server holds "${direct}", via ${RESP})`
      } else line += `; resp listener skipped (${missing})`
      return line
    },
    stop: async () => {
      await redis?.stop()
    }
  }
}
