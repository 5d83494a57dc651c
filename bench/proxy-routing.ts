// Benchmark: Mosaic proxy throughput and p99 with 1 route against 1,000 routes, and with each load balancer over 3 hosts.
//
// Setup: 3 backend processes (bench/lib/echo-server.ts, node:http, GET -> "hello world\n"); one Mosaic proxy
// child per scenario (bench/lib/routing-proxy-main.ts, config from arguments, see lib/routing-config.ts).
// Routing: the 1,000-route table mixes anchored path regexes, exact header matches, prefix + regex-header
// and regex + exact-header routes (i % 4). "last": every request matches route 999 (a regex + header
// route); "random": a wrk Lua script cycles through 1,000 pre-built requests, each matching a random route.
// The 1-route baseline (a catch-all prefix "/") gets exactly the same requests. All routing scenarios
// use one backend; balancer scenarios use 1 route and all 3 backends, with requests carrying a random
// x-user header (the hash key of LB_MAGLEV / LB_RINGHASH); LB_WEIGHTED_ROUNDROBIN uses weights 1:2:3;
// LB_REQUEST_ROUNDROBIN sends every request to the first host (MOSN's fail-over order); LB_PEAK_EWMA
// times every upstream request (two performance.now() per request) and so shows that cost.
// Each scenario: warm-up wrk -t1 -c32 -d2s, then `wrk -t1 -c32 -d<N>s --latency`, rounds alternating over
// scenarios; per scenario the best req/s run is reported, plus the proxy's CPU time per request
// (/proc/<pid>/stat; steadier than req/s when wrk, proxy and backends share the cores).
// Goal: 1,000 routes cost at most 20% throughput (rps ratio >= 0.8 in both the last and random cases).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { cpus, tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { cpuTimeMs } from "./lib/cpu.ts"
import { startChild, waitReady, type Child } from "./lib/processes.ts"
import { requestFor, type RoutingProxyArgs, toArgs, wrkScript } from "./lib/routing-config.ts"
import { ensureTool } from "./lib/tools.ts"
import { runWrk, type WrkResult } from "./lib/wrk.ts"

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, "..")
const NODE = join(root, "node_modules/.bin/node")

export interface Run extends WrkResult {
  /** CPU time (user + system) of the proxy process per request, in microseconds. */
  readonly proxyCpuUsPerRequest: number
}

export interface ScenarioResult {
  readonly proxy: RoutingProxyArgs
  /** "fixed" path or the Lua script's request mix. */
  readonly requests: string
  readonly runs: ReadonlyArray<Run>
  readonly best: Run
}

export interface ProxyRoutingResult {
  readonly date: string
  readonly machine: { readonly cpus: number; readonly model: string; readonly node: string }
  readonly method: string
  readonly scenarios: Readonly<Record<string, ScenarioResult>>
  /** 1,000 routes / 1 route. */
  readonly ratios: {
    readonly last: { readonly rps: number; readonly p99: number; readonly cpuPerRequest: number }
    readonly random: { readonly rps: number; readonly p99: number; readonly cpuPerRequest: number }
    /** Each balancer's req/s relative to LB_ROUNDROBIN (same requests, same 3 hosts). */
    readonly balancers: Readonly<Record<string, number>>
  }
  readonly goals: { readonly routes1000: boolean }
}

interface Plan {
  readonly name: string
  readonly proxy: RoutingProxyArgs
  readonly path: string
  readonly script: string | undefined
  readonly requests: string
}

const BALANCERS = [
  "LB_ROUNDROBIN", "LB_RANDOM", "LB_WEIGHTED_ROUNDROBIN", "LB_LEAST_REQUEST", "LB_MAGLEV", "LB_RINGHASH",
  "LB_REQUEST_ROUNDROBIN", "LB_LEAST_CONNECTION", "LB_PEAK_EWMA"
] as const

export const run = async (options: { durationSec?: number; rounds?: number; write?: boolean } = {}): Promise<ProxyRoutingResult> => {
  const durationSec = options.durationSec ?? 5
  const rounds = options.rounds ?? 2
  if (!ensureTool("wrk", "wrk")) throw new Error("wrk is required")
  const children: Array<Child> = []
  const dir = mkdtempSync(join(tmpdir(), "mosaic-routing-"))
  try {
    const backends: Array<string> = []
    for (let i = 0; i < 3; i++) {
      const echo = startChild(NODE, [join(here, "lib/echo-server.ts"), "0"])
      children.push(echo)
      backends.push(`127.0.0.1:${await waitReady(echo)}`)
    }
    // request mixes as wrk Lua scripts
    const rnd = mulberry32(2026)
    const randomMix = Array.from({ length: 1000 }, (_, k) => requestFor(Math.floor(rnd() * 1000), k))
    const users = Array.from({ length: 1000 }, (_, k) => ({ path: "/", headers: { "x-user": `user-${Math.floor(rnd() * 1e9)}-${k}` } }))
    const randomScript = join(dir, "random-routes.lua")
    const usersScript = join(dir, "users.lua")
    writeFileSync(randomScript, wrkScript(randomMix))
    writeFileSync(usersScript, wrkScript(users))
    const last = requestFor(999)
    const lastScript = join(dir, "last-route.lua")
    writeFileSync(lastScript, wrkScript([last]))

    const one = (routes: number): RoutingProxyArgs => ({ routes, lbType: "LB_ROUNDROBIN", hosts: [backends[0]!] })
    const plans: Array<Plan> = [
      { name: "routes-1-last", proxy: one(1), path: last.path, script: lastScript, requests: `route 999's request: ${last.path} ${JSON.stringify(last.headers)}` },
      { name: "routes-1000-last", proxy: one(1000), path: last.path, script: lastScript, requests: `route 999's request: ${last.path} ${JSON.stringify(last.headers)}` },
      { name: "routes-1-random", proxy: one(1), path: "/", script: randomScript, requests: "1,000 requests, each matching a random route of the 1,000" },
      { name: "routes-1000-random", proxy: one(1000), path: "/", script: randomScript, requests: "1,000 requests, each matching a random route of the 1,000" },
      ...BALANCERS.map((lbType): Plan => ({
        name: `lb-${lbType}`,
        proxy: {
          routes: 1,
          lbType,
          hosts: backends,
          weights: lbType === "LB_WEIGHTED_ROUNDROBIN" ? [1, 2, 3] : undefined,
          hashHeader: lbType === "LB_MAGLEV" || lbType === "LB_RINGHASH" ? "x-user" : undefined
        },
        path: "/",
        script: usersScript,
        requests: "GET / with one of 1,000 random x-user values"
      }))
    ]
    // one proxy child per scenario, all started up front
    const proxies = new Map<string, { child: Child; url: string }>()
    for (const plan of plans) {
      const child = startChild(NODE, ["--conditions=@mosaic/source", join(here, "lib/routing-proxy-main.ts"), ...toArgs(plan.proxy)], { cwd: root })
      children.push(child)
      proxies.set(plan.name, { child, url: `http://127.0.0.1:${await waitReady(child)}${plan.path}` })
    }
    const wrk = (plan: Plan, seconds: number) =>
      runWrk({ url: proxies.get(plan.name)!.url, threads: 1, connections: 32, durationSec: seconds, ...(plan.script === undefined ? {} : { script: plan.script }) })
    for (const plan of plans) {
      const w = await wrk(plan, 2)
      if (w.errors > 0 || w.requests === 0) throw new Error(`${plan.name}: warm-up had ${w.errors} errors of ${w.requests}`)
    }
    const runs = new Map<string, Array<Run>>(plans.map((p) => [p.name, []]))
    for (let round = 0; round < rounds; round++) {
      for (const plan of plans) {
        const pid = proxies.get(plan.name)!.child.process.pid!
        const cpu0 = cpuTimeMs(pid)
        const w = await wrk(plan, durationSec)
        const r: Run = { ...w, proxyCpuUsPerRequest: ((cpuTimeMs(pid) - cpu0) * 1000) / Math.max(1, w.requests) }
        runs.get(plan.name)!.push(r)
        console.log(
          `${plan.name.padEnd(28)} round ${round + 1}: ${r.requestsPerSec.toFixed(0)} req/s  p50 ${r.p50Ms.toFixed(3)} ms  ` +
            `p99 ${r.p99Ms.toFixed(3)} ms  cpu ${r.proxyCpuUsPerRequest.toFixed(1)} us/req  errors ${r.errors}`
        )
      }
    }
    const scenarios: Record<string, ScenarioResult> = {}
    for (const plan of plans) {
      const rs = runs.get(plan.name)!
      scenarios[plan.name] = { proxy: plan.proxy, requests: plan.requests, runs: rs, best: rs.reduce((a, b) => (b.requestsPerSec > a.requestsPerSec ? b : a)) }
    }
    const minCpu = (name: string) => Math.min(...scenarios[name]!.runs.map((r) => r.proxyCpuUsPerRequest))
    const ratio = (kind: "last" | "random") => {
      const a = scenarios[`routes-1-${kind}`]!
      const b = scenarios[`routes-1000-${kind}`]!
      return {
        rps: b.best.requestsPerSec / a.best.requestsPerSec,
        p99: b.best.p99Ms / a.best.p99Ms,
        cpuPerRequest: minCpu(`routes-1000-${kind}`) / minCpu(`routes-1-${kind}`)
      }
    }
    const rr = scenarios["lb-LB_ROUNDROBIN"]!.best.requestsPerSec
    const ratios = {
      last: ratio("last"),
      random: ratio("random"),
      balancers: Object.fromEntries(BALANCERS.map((b) => [b, scenarios[`lb-${b}`]!.best.requestsPerSec / rr]))
    }
    const result: ProxyRoutingResult = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "?", node: process.version },
      method: `wrk -t1 -c32 -d${durationSec}s --latency (Lua scripts with pre-built requests), ${rounds} rounds alternating over ` +
        "scenarios after a 2 s warm-up each; best req/s run per scenario; proxy CPU per request from /proc/<pid>/stat (lowest run)",
      scenarios,
      ratios,
      goals: { routes1000: ratios.last.rps >= 0.8 && ratios.random.rps >= 0.8 }
    }
    const f = (x: number) => x.toFixed(2)
    console.log(
      `1000/1 routes: last req/s ${f(ratios.last.rps)}x p99 ${f(ratios.last.p99)}x cpu ${f(ratios.last.cpuPerRequest)}x; ` +
        `random req/s ${f(ratios.random.rps)}x p99 ${f(ratios.random.p99)}x cpu ${f(ratios.random.cpuPerRequest)}x (goal req/s >= 0.8)`
    )
    console.log(`balancers / LB_ROUNDROBIN: ${BALANCERS.map((b) => `${b} ${f(ratios.balancers[b]!)}`).join(", ")}`)
    if (options.write !== false) {
      mkdirSync(join(here, "results"), { recursive: true })
      writeFileSync(join(here, "results/proxy-routing.json"), JSON.stringify(result, null, 2) + "\n")
    }
    return result
  } finally {
    for (const c of children.reverse()) await c.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Deterministic uniform [0, 1) (mulberry32), so every run sends the same request mix. */
const mulberry32 = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const seconds = process.env.BENCH_SECONDS === undefined ? undefined : Number(process.env.BENCH_SECONDS)
  await run(seconds === undefined ? {} : { durationSec: seconds })
  process.exit(0)
}
