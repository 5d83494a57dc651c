// Benchmark: the cost of protocol detection: HTTP/1 (wrk) and Bolt (rpc-load) through an Auto listener vs a fixed-protocol listener of the same proxy.
//
// Setup: backends bench/lib/echo-server.ts (node:http) and bench/lib/rpc-echo-server.ts bolt, each in its own Node 24
// child; the proxy (bench/lib/detect-proxy-main.ts) in another, with three listeners on one router: fixed Http1,
// fixed bolt, and Auto. HTTP/1: wrk, 2 threads, 64 keep-alive connections. Bolt: rpc-load, 8 connections x 64 in flight.
// Detection runs once per connection, so with keep-alive its cost is per connection plus the Auto listener's wiring.
// Rounds alternate fixed / auto; the best req/s run of each is kept. Goal: auto >= 0.95x fixed for both.
import { mkdirSync, writeFileSync } from "node:fs"
import { cpus } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { type Child, startChild, waitReady } from "./lib/processes.ts"
import { runLoad } from "./lib/rpc-load.ts"
import { runWrk } from "./lib/wrk.ts"

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, "..")
const NODE = join(root, "node_modules/.bin/node")

export interface DetectScenario {
  readonly protocol: "http1" | "bolt"
  readonly fixed: ReadonlyArray<number>
  readonly auto: ReadonlyArray<number>
  /** best auto req/s / best fixed req/s */
  readonly ratio: number
}

export interface DetectResult {
  readonly date: string
  readonly machine: { readonly cpus: number; readonly model: string; readonly node: string }
  readonly method: string
  readonly scenarios: ReadonlyArray<DetectScenario>
  readonly goal: { readonly maxCost: number; readonly met: boolean }
}

export const run = async (options: { durationSec?: number; rounds?: number; write?: boolean } = {}): Promise<DetectResult> => {
  const durationSec = options.durationSec ?? 5
  const rounds = options.rounds ?? 3
  const children: Array<Child> = []
  const scenarios: Array<DetectScenario> = []
  try {
    const http = startChild(NODE, [join(here, "lib/echo-server.ts")], { cwd: root })
    children.push(http)
    const bolt = startChild(NODE, ["--conditions=@mosaic/source", join(here, "lib/rpc-echo-server.ts"), "bolt"], { cwd: root })
    children.push(bolt)
    const [httpPort, boltPort] = [await waitReady(http), await waitReady(bolt)]
    const proxy = startChild(NODE, ["--conditions=@mosaic/source", join(here, "lib/detect-proxy-main.ts"), `127.0.0.1:${httpPort}`, `127.0.0.1:${boltPort}`], { cwd: root })
    children.push(proxy)
    await waitReady(proxy)
    const [fixedHttp, fixedBolt, auto] = /PORTS (\d+) (\d+) (\d+)/.exec(proxy.output())!.slice(1).map(Number) as [number, number, number]
    const measure = {
      http1: async (port: number) => (await runWrk({ url: `http://127.0.0.1:${port}/`, threads: 2, connections: 64, durationSec })).requestsPerSec,
      bolt: async (port: number) => (await runLoad({ protocol: "bolt", port, connections: 8, inFlight: 64, durationSec })).requestsPerSec
    }
    for (const protocol of ["http1", "bolt"] as const) {
      const fixedPort = protocol === "http1" ? fixedHttp : fixedBolt
      const fixed: Array<number> = []
      const autoRuns: Array<number> = []
      for (let round = 0; round < rounds; round++) {
        fixed.push(await measure[protocol](fixedPort))
        autoRuns.push(await measure[protocol](auto))
        console.log(`${protocol} round ${round + 1}: fixed ${fixed.at(-1)!.toFixed(0)} req/s, auto ${autoRuns.at(-1)!.toFixed(0)} req/s`)
      }
      const ratio = Math.max(...autoRuns) / Math.max(...fixed)
      console.log(`${protocol}: auto/fixed ${ratio.toFixed(3)}x`)
      scenarios.push({ protocol, fixed, auto: autoRuns, ratio })
    }
  } finally {
    for (const c of children.reverse()) await c.stop()
  }
  const result: DetectResult = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "?", node: process.version },
    method: `one proxy child with fixed Http1, fixed bolt and Auto listeners on one router; HTTP/1: wrk -t2 -c64 GET /; Bolt: bench/lib/rpc-load.ts ` +
      `8 connections x 64 in flight echo("hello"); ${durationSec} s per run, ${rounds} rounds alternating fixed/auto, best run each`,
    scenarios,
    goal: { maxCost: 0.05, met: scenarios.every((s) => s.ratio >= 0.95) }
  }
  console.log(`goal: detection costs at most 5%: ${result.goal.met ? "met" : "NOT met"}`)
  if (options.write !== false) {
    mkdirSync(join(here, "results"), { recursive: true })
    writeFileSync(join(here, "results/detect.json"), JSON.stringify(result, null, 2) + "\n")
  }
  return result
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await run()
  process.exit(0)
}
