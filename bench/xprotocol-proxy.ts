// Benchmark: Bolt and Dubbo load through the Mosaic proxy against the same load sent straight to the server.
//
// Setup: the server is Mosaic's rpc-server echo (bench/lib/rpc-echo-server.ts), in its own Node 24 child; the
// proxy (bench/lib/xprotocol-proxy-main.ts: one X listener, sub_protocol bolt or dubbo, routed on `service`,
// 1 multiplexed upstream connection) in another. The load generator (bench/lib/rpc-load.ts) runs in this
// process: it keeps 64 requests in flight over 1 connection, then over 8 connections (8 each), echo("hello"),
// with Mosaic's protocol packages. Each target gets a 1 s warm-up, then `durationSec` measured; rounds
// alternate direct / proxy and the best req/s run per target is reported (both kept in the JSON). Load
// generator, proxy and server share the machine's cores, so the proxy rows include CPU contention.
// CPU time per request of the proxy and the server comes from /proc/<pid>/stat.
// Goal: Bolt through the proxy >= 0.7x the direct throughput.
import { mkdirSync, writeFileSync } from "node:fs"
import { cpus } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { cpuTimeMs } from "./lib/cpu.ts"
import { type Child, startChild, waitReady } from "./lib/processes.ts"
import { type LoadResult, runLoad, type RpcProtocol } from "./lib/rpc-load.ts"

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, "..")
const NODE = join(root, "node_modules/.bin/node")
const IN_FLIGHT = 64

export interface Run extends LoadResult {
  /** CPU time (user + system) of the proxy process per request, in microseconds (0 for direct runs). */
  readonly proxyCpuUsPerRequest: number
  readonly serverCpuUsPerRequest: number
}

export interface Scenario {
  readonly protocol: RpcProtocol
  readonly connections: number
  readonly inFlight: number
  readonly direct: { readonly runs: ReadonlyArray<Run>; readonly best: Run }
  readonly proxy: { readonly runs: ReadonlyArray<Run>; readonly best: Run }
  /** proxy / direct of the best runs. */
  readonly ratios: { readonly rps: number; readonly p99: number; readonly p50: number }
}

export interface XProtocolProxyResult {
  readonly date: string
  readonly machine: { readonly cpus: number; readonly model: string; readonly node: string }
  readonly method: string
  readonly scenarios: ReadonlyArray<Scenario>
  readonly goals: { readonly boltRps: boolean }
}

const best = (runs: ReadonlyArray<Run>): Run => runs.reduce((a, b) => (b.requestsPerSec > a.requestsPerSec ? b : a))

export const run = async (options: { durationSec?: number; rounds?: number; write?: boolean } = {}): Promise<XProtocolProxyResult> => {
  const durationSec = options.durationSec ?? 5
  const rounds = options.rounds ?? 2
  const scenarios: Array<Scenario> = []
  for (const protocol of ["bolt", "dubbo"] as const) {
    const children: Array<Child> = []
    try {
      const server = startChild(NODE, ["--conditions=@mosaic/source", join(here, "lib/rpc-echo-server.ts"), protocol], { cwd: root })
      children.push(server)
      const serverPort = await waitReady(server)
      const proxy = startChild(NODE, ["--conditions=@mosaic/source", join(here, "lib/xprotocol-proxy-main.ts"), protocol, `127.0.0.1:${serverPort}`], { cwd: root })
      children.push(proxy)
      const proxyPort = await waitReady(proxy)
      for (const connections of [1, 8]) {
        const runs: Record<"direct" | "proxy", Array<Run>> = { direct: [], proxy: [] }
        for (let round = 0; round < rounds; round++) {
          for (const target of ["direct", "proxy"] as const) {
            const cpu0 = [cpuTimeMs(proxy.process.pid!), cpuTimeMs(server.process.pid!)]
            const r = await runLoad({ protocol, port: target === "direct" ? serverPort : proxyPort, connections, inFlight: IN_FLIGHT, durationSec })
            const cpu1 = [cpuTimeMs(proxy.process.pid!), cpuTimeMs(server.process.pid!)]
            // the load generator's warm-up and drain are included in the CPU window: per-request figures are approximate
            const per = (i: number) => ((cpu1[i]! - cpu0[i]!) * 1000) / Math.max(1, r.requests)
            const run: Run = { ...r, proxyCpuUsPerRequest: target === "proxy" ? per(0) : 0, serverCpuUsPerRequest: per(1) }
            runs[target].push(run)
            console.log(
              `${protocol.padEnd(5)} ${connections} conn ${target.padEnd(6)} round ${round + 1}: ${r.requestsPerSec.toFixed(0)} req/s  ` +
                `p50 ${r.p50Ms.toFixed(3)} ms  p99 ${r.p99Ms.toFixed(3)} ms  errors ${r.errors}` +
                (target === "proxy" ? `  proxy cpu ${run.proxyCpuUsPerRequest.toFixed(1)} us/req` : "")
            )
          }
        }
        const direct = best(runs.direct)
        const viaProxy = best(runs.proxy)
        const ratios = {
          rps: viaProxy.requestsPerSec / direct.requestsPerSec,
          p99: viaProxy.p99Ms / direct.p99Ms,
          p50: viaProxy.p50Ms / direct.p50Ms
        }
        console.log(`${protocol} ${connections} conn: proxy/direct req/s ${ratios.rps.toFixed(2)}x, p99 ${ratios.p99.toFixed(2)}x`)
        scenarios.push({
          protocol, connections, inFlight: IN_FLIGHT,
          direct: { runs: runs.direct, best: direct },
          proxy: { runs: runs.proxy, best: viaProxy },
          ratios
        })
      }
    } finally {
      for (const c of children.reverse()) await c.stop()
    }
  }
  const result: XProtocolProxyResult = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "?", node: process.version },
    method: `bench/lib/rpc-load.ts, ${IN_FLIGHT} requests in flight over 1 and over 8 connections, echo("hello"), 1 s warm-up + ${durationSec} s measured, ` +
      `${rounds} rounds alternating direct/proxy, best req/s run per target; server = @mosaic/rpc-server echo, proxy = 1 X listener routed on service, ` +
      "each in its own Node 24 child; CPU per request from /proc/<pid>/stat",
    scenarios,
    goals: { boltRps: scenarios.filter((s) => s.protocol === "bolt").every((s) => s.ratios.rps >= 0.7) }
  }
  console.log(`goal: Bolt through the proxy >= 0.7x direct: ${result.goals.boltRps ? "met" : "NOT met"}`)
  if (options.write !== false) {
    mkdirSync(join(here, "results"), { recursive: true })
    writeFileSync(join(here, "results/xprotocol-proxy.json"), JSON.stringify(result, null, 2) + "\n")
  }
  return result
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await run()
  process.exit(0)
}
