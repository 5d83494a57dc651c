// Benchmark: wrk -> Mosaic proxy -> Node echo server, against wrk -> haproxy -> the same server (and direct).
//
// Setup (mirrors shared/reference/peers.md §5): the backend is a separate Node process (node:http,
// GET / -> "hello world\n", keep-alive). haproxy runs with nbthread 1, mode http, http-reuse always, from a
// generated cfg in a temp dir (`haproxy -f cfg -db`). Mosaic runs in its own Node 24 process
// (--conditions=@mosaic/source) with one Http1 listener routed to the backend. Each target is warmed up with
// wrk -t1 -c32 -d2s, then measured with `wrk -t1 -c32 -d5s --latency` twice, alternating
// direct / haproxy / mosaic. Per target the run with the higher req/s is reported (p50/p99 from that same
// run); both runs are kept in the JSON. wrk, the proxy and the backend share the machine's cores, so the
// proxy rows include CPU contention, as in the reference numbers.
// The CPU time each proxy process spends per request (/proc/<pid>/stat) is recorded too: it is far less
// sensitive to other load on the machine than req/s and p99.
// Goal: Mosaic req/s >= 0.8x haproxy, Mosaic p99 <= 1.5x haproxy.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { cpus, tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { freePort, startChild, waitPort, waitReady, type Child } from "./lib/processes.ts"
import { ensureTool } from "./lib/tools.ts"
import { cpuTimeMs } from "./lib/cpu.ts"
import { runWrk, type WrkResult } from "./lib/wrk.ts"


const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, "..")
const NODE = join(root, "node_modules/.bin/node")

export interface Run extends WrkResult {
  /** CPU time (user + system) the proxy process spent per request, in microseconds (the backend's for "direct"). */
  readonly proxyCpuUsPerRequest: number
  /** CPU time the backend (Node echo server) spent per request, in microseconds. */
  readonly backendCpuUsPerRequest: number
}

export interface TargetResult {
  readonly url: string
  readonly runs: ReadonlyArray<Run>
  /** The run with the higher req/s. */
  readonly best: Run
}

export interface HttpProxyResult {
  readonly date: string
  readonly machine: { readonly cpus: number; readonly model: string; readonly node: string }
  readonly method: string
  readonly targets: Readonly<Record<"direct" | "haproxy" | "mosaic", TargetResult>>
  readonly ratios: { readonly rps: number; readonly p99: number; readonly p50: number; readonly cpuPerRequest: number }
  readonly goals: { readonly rps: boolean; readonly p99: boolean }
}

const haproxyConfig = (port: number, backend: number) => `global
  nbthread 1
  maxconn 4096
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
  http-reuse always
frontend fe
  bind 127.0.0.1:${port}
  default_backend be
backend be
  server echo 127.0.0.1:${backend}
`

export const run = async (options: { durationSec?: number; rounds?: number; write?: boolean } = {}): Promise<HttpProxyResult> => {
  const durationSec = options.durationSec ?? 5
  const rounds = options.rounds ?? 2
  if (!ensureTool("wrk", "wrk") || !ensureTool("haproxy", "haproxy")) throw new Error("wrk and haproxy are required")
  const children: Array<Child> = []
  const dir = mkdtempSync(join(tmpdir(), "mosaic-bench-"))
  try {
    const echo = startChild(NODE, [join(here, "lib/echo-server.ts"), "0"])
    children.push(echo)
    const echoPort = await waitReady(echo)
    const haPort = await freePort()
    const cfg = join(dir, "haproxy.cfg")
    writeFileSync(cfg, haproxyConfig(haPort, echoPort))
    const ha = startChild("haproxy", ["-f", cfg, "-db"])
    children.push(ha)
    await waitPort(haPort).catch((e: Error) => {
      throw new Error(`haproxy did not start: ${e.message}\n${ha.output()}`)
    })
    const mosaic = startChild(NODE, ["--conditions=@mosaic/source", join(here, "lib/mosaic-proxy-main.ts"), `127.0.0.1:${echoPort}`], { cwd: root })
    children.push(mosaic)
    const mosaicPort = await waitReady(mosaic)

    const urls = {
      direct: `http://127.0.0.1:${echoPort}/`,
      haproxy: `http://127.0.0.1:${haPort}/`,
      mosaic: `http://127.0.0.1:${mosaicPort}/`
    } as const
    const names = ["direct", "haproxy", "mosaic"] as const
    for (const name of names) await runWrk({ url: urls[name], durationSec: 2 })
    const pids = { direct: echo.process.pid!, haproxy: ha.process.pid!, mosaic: mosaic.process.pid! }
    const runs: Record<(typeof names)[number], Array<Run>> = { direct: [], haproxy: [], mosaic: [] }
    for (let round = 0; round < rounds; round++) {
      for (const name of names) {
        const cpu0 = [cpuTimeMs(pids[name]), cpuTimeMs(pids.direct)]
        const w = await runWrk({ url: urls[name], threads: 1, connections: 32, durationSec })
        const cpu1 = [cpuTimeMs(pids[name]), cpuTimeMs(pids.direct)]
        const per = (i: number) => ((cpu1[i]! - cpu0[i]!) * 1000) / Math.max(1, w.requests)
        const r: Run = { ...w, proxyCpuUsPerRequest: per(0), backendCpuUsPerRequest: per(1) }
        runs[name].push(r)
        console.log(
          `${name.padEnd(8)} round ${round + 1}: ${r.requestsPerSec.toFixed(0)} req/s  p50 ${r.p50Ms.toFixed(3)} ms  p99 ${r.p99Ms.toFixed(3)} ms  ` +
            `cpu ${r.proxyCpuUsPerRequest.toFixed(1)} us/req  errors ${r.errors}`
        )
      }
    }
    const target = (name: (typeof names)[number]): TargetResult => ({
      url: urls[name],
      runs: runs[name],
      best: runs[name].reduce((a, b) => (b.requestsPerSec > a.requestsPerSec ? b : a))
    })
    const targets = { direct: target("direct"), haproxy: target("haproxy"), mosaic: target("mosaic") }
    const ratios = {
      rps: targets.mosaic.best.requestsPerSec / targets.haproxy.best.requestsPerSec,
      p99: targets.mosaic.best.p99Ms / targets.haproxy.best.p99Ms,
      p50: targets.mosaic.best.p50Ms / targets.haproxy.best.p50Ms,
      cpuPerRequest: Math.min(...runs.mosaic.map((r) => r.proxyCpuUsPerRequest)) /
        Math.min(...runs.haproxy.map((r) => r.proxyCpuUsPerRequest))
    }
    const result: HttpProxyResult = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "?", node: process.version },
      method: `wrk -t1 -c32 -d${durationSec}s --latency, ${rounds} rounds alternating direct/haproxy/mosaic after a 2 s warm-up each; ` +
        "best req/s run per target; CPU per request from /proc/<pid>/stat (lowest run per target)",
      targets,
      ratios,
      goals: { rps: ratios.rps >= 0.8, p99: ratios.p99 <= 1.5 }
    }
    console.log(
      `mosaic/haproxy: req/s ${ratios.rps.toFixed(2)}x (goal >= 0.8), p99 ${ratios.p99.toFixed(2)}x (goal <= 1.5), ` +
        `p50 ${ratios.p50.toFixed(2)}x, proxy CPU per request ${ratios.cpuPerRequest.toFixed(2)}x`
    )
    if (options.write !== false) {
      mkdirSync(join(here, "results"), { recursive: true })
      writeFileSync(join(here, "results/http-proxy.json"), JSON.stringify(result, null, 2) + "\n")
    }
    return result
  } finally {
    for (const c of children.reverse()) await c.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await run()
  process.exit(0)
}
