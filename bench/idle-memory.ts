// Benchmark: memory of an idle runtime and per idle connection, against haproxy holding the same connections.
//
// 1. `mosaic run -c apps/sidecar/configs/demo.json` as a user starts it (the bin, one Node 24 process, from
//    source): its RSS after start and a settle (/proc/<pid>/status VmRSS).
// 2. Per idle connection: N TCP connections (default 2,000) to an HTTP/1 proxy listener, each after one
//    keep-alive request (so the connection has run its decoder and stream once), then idle. The RSS growth
//    divided by N, for Mosaic (mosaic-proxy-main) and for haproxy 2.6 (nbthread 1) in the same run.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import * as net from "node:net"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { freePort, startChild, waitPort, waitReady } from "./lib/processes.ts"
import { ensureTool } from "./lib/tools.ts"

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, "..")
const NODE = join(root, "node_modules/.bin/node")

const rssKb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1])
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Open `n` keep-alive connections to port, one GET each, and keep them open. */
const holdConnections = async (port: number, n: number): Promise<Array<net.Socket>> => {
  const sockets: Array<net.Socket> = []
  for (let i = 0; i < n; i += 100) {
    await Promise.all(Array.from({ length: Math.min(100, n - i) }, () =>
      new Promise<void>((resolve, reject) => {
        const s = net.connect(port, "127.0.0.1", () => s.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
        s.once("data", () => resolve())
        s.once("error", reject)
        sockets.push(s)
      })))
  }
  return sockets
}

const perConnection = async (pid: number, port: number, n: number) => {
  await holdConnections(port, 50) // warm: first connections allocate pools and code
  await sleep(500)
  const before = rssKb(pid)
  const sockets = await holdConnections(port, n)
  await sleep(1000)
  const after = rssKb(pid)
  for (const s of sockets) s.destroy()
  return { connections: n, rssBeforeKb: before, rssAfterKb: after, kbPerConnection: Math.round(((after - before) / n) * 100) / 100 }
}

export const run = async (options: { connections?: number } = {}) => {
  const n = options.connections ?? 2000
  if (!ensureTool("haproxy", "haproxy")) throw new Error("haproxy is required")
  const dir = mkdtempSync(join(tmpdir(), "mosaic-bench-mem-"))
  const echo = startChild(NODE, [join(here, "lib/echo-server.ts"), "0"])
  const children = [echo]
  try {
    const echoPort = await waitReady(echo)
    // 1. the idle runtime with the demo config, started by its bin in one process
    const demo = startChild(NODE, [join(root, "apps/sidecar/bin/mosaic.js"), "run", "-c", join(root, "apps/sidecar/configs/demo.json")], { cwd: root })
    children.push(demo)
    for (let i = 0; i < 200 && !/pid (\d+)/.test(demo.output()); i++) await sleep(50)
    const demoPid = Number(/pid (\d+)/.exec(demo.output())?.[1] ?? 0)
    if (demoPid !== demo.process.pid) throw new Error(`the bin did not run the runtime in its own process:\n${demo.output()}`)
    await sleep(3000)
    const idleRssKb = rssKb(demoPid)
    await demo.stop()
    // 2. per idle connection: Mosaic's HTTP/1 proxy and haproxy
    const mosaic = startChild(NODE, ["--conditions=@mosaic/source", join(here, "lib/mosaic-proxy-main.ts"), `127.0.0.1:${echoPort}`], { cwd: root })
    children.push(mosaic)
    const mosaicPort = await waitReady(mosaic)
    const haPort = await freePort()
    const cfg = join(dir, "haproxy.cfg")
    writeFileSync(cfg, `global\n  nbthread 1\n  maxconn ${n + 1000}\ndefaults\n  mode http\n  timeout connect 5s\n  timeout client 60s\n  timeout server 60s\n  http-reuse always\nfrontend fe\n  bind 127.0.0.1:${haPort}\n  default_backend be\nbackend be\n  server echo 127.0.0.1:${echoPort}\n`)
    const ha = startChild("haproxy", ["-f", cfg, "-db"])
    children.push(ha)
    await waitPort(haPort)
    const m = await perConnection(mosaic.process.pid!, mosaicPort, n)
    const h = await perConnection(ha.process.pid!, haPort, n)
    const result = {
      date: new Date().toISOString(),
      method: `RSS from /proc; ${n} keep-alive connections after one GET each, held idle; runtime RSS after start + 3 s`,
      idleRuntime: { command: "mosaic run -c apps/sidecar/configs/demo.json (bin, one process, TypeScript from source)", rssKb: idleRssKb },
      perIdleConnection: { mosaic: m, haproxy: h, ratio: Math.round((m.kbPerConnection / h.kbPerConnection) * 100) / 100 }
    }
    mkdirSync(join(here, "results"), { recursive: true })
    writeFileSync(join(here, "results/idle-memory.json"), JSON.stringify(result, null, 2) + "\n")
    console.log(JSON.stringify(result, null, 2))
    return result
  } finally {
    for (const c of children.reverse()) await c.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
