// A real Prometheus (Debian `prometheus`) scrapes a runtime's /metrics: up == 1, and the request counters equal the requests sent.
import { test } from "node:test"
import assert from "node:assert/strict"
import { spawn, spawnSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import * as net from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { startFromConfig } from "./main.ts"
import { adminSection, httpGet, invoke, runtimeConfig, startUpstreams } from "./observability.fixture.ts"

const HOW = "apt-get update && apt-get install -y prometheus"
const has = (): boolean => spawnSync("sh", ["-c", "command -v prometheus"], { stdio: "ignore" }).status === 0
const apt = (args: ReadonlyArray<string>): boolean =>
  spawnSync("apt-get", args, { stdio: "ignore", timeout: 300_000, env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } }).status === 0

/** Prometheus on PATH, installing the Debian package when missing (root); else the one line saying how. */
const ensurePrometheus = (): string | undefined => {
  if (has()) return undefined
  const install = ["install", "-y", "--no-install-recommends", "prometheus"]
  if ((apt(install) || (apt(["update"]) && apt(install))) && has()) return undefined
  return `prometheus is not installed and apt-get could not install it; run: ${HOW}`
}
const skip = ensurePrometheus()
if (skip !== undefined) console.log(`skipping the Prometheus scrape test: ${skip}`)

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once("error", reject)
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(port))
    })
  })

interface Sample {
  readonly metric: Record<string, string>
  readonly value: [number, string]
}

test("Prometheus scrapes /metrics: up == 1, HTTP/1 responses by code class and InvokeService calls by code equal what was sent", { skip: skip ?? false }, async () => {
  const up = await startUpstreams()
  const running = await startFromConfig(runtimeConfig({ echoPort: up.echo.port, silentPort: up.silentPort, extra: adminSection() }))
  const dir = mkdtempSync(join(tmpdir(), "mosaic-prometheus-"))
  let prom: ReturnType<typeof spawn> | undefined
  let output = ""
  try {
    const adminPort = running.admin[0]!.port
    const grpc = running.handle.ingressPorts[0]!
    const proxyPort = running.handle.proxy()!.listeners.find((l) => l.name === "egress_http")!.port!
    // traffic: 6 direct 200s, 4 direct 404s, 5 InvokeService OK (HTTP/1 200s through the pipe), 3 DownService (503s, one gRPC code)
    for (let i = 0; i < 6; i++) assert.equal(await httpGet(proxyPort, "/echo/p"), 200)
    for (let i = 0; i < 4; i++) assert.equal(await httpGet(proxyPort, "/missing"), 404)
    for (let i = 0; i < 5; i++) assert.equal(await invoke(grpc, "HelloService:1.0", "/hello"), "OK")
    const downCodes = new Set<string>()
    for (let i = 0; i < 3; i++) downCodes.add(await invoke(grpc, "DownService", "/down"))
    assert.equal(downCodes.size, 1)
    const downCode = [...downCodes][0]!

    const promPort = await freePort()
    writeFileSync(join(dir, "prometheus.yml"), [
      "global:",
      "  scrape_interval: 1s",
      "  evaluation_interval: 1s",
      "scrape_configs:",
      "  - job_name: mosaic",
      "    scrape_interval: 1s",
      "    static_configs:",
      `      - targets: ["127.0.0.1:${adminPort}"]`,
      ""
    ].join("\n"))
    prom = spawn("prometheus", [
      `--config.file=${join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${promPort}`
    ], { stdio: ["ignore", "pipe", "pipe"] })
    prom.stdout!.on("data", (c: Buffer) => void (output += c.toString()))
    prom.stderr!.on("data", (c: Buffer) => void (output += c.toString()))

    const query = async (q: string): Promise<ReadonlyArray<Sample>> => {
      const r = await fetch(`http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent(q)}`)
      const body = await r.json() as { status: string; data: { result: ReadonlyArray<Sample> } }
      return body.status === "success" ? body.data.result : []
    }
    const value = (samples: ReadonlyArray<Sample>, labels: Record<string, string>): number | undefined => {
      const s = samples.find((x) => Object.entries(labels).every(([k, v]) => x.metric[k] === v))
      return s === undefined ? undefined : Number(s.value[1])
    }
    // at most ~20 s: Prometheus starts, scrapes every second
    let upValue: number | undefined
    let classes: ReadonlyArray<Sample> = []
    let calls: ReadonlyArray<Sample> = []
    const deadline = Date.now() + 20_000
    while (Date.now() < deadline) {
      try {
        upValue = value(await query('up{job="mosaic"}'), {})
        classes = await query('mosaic_downstream_rq_xx_total{listener="egress_http"}')
        calls = await query("mosaic_invoke_request_total")
        if (upValue === 1 && classes.length > 0 && calls.length > 0) break
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 500))
    }
    assert.equal(upValue, 1, `up{job="mosaic"} (prometheus output: ${output.slice(-2000)})`)
    assert.equal(value(classes, { response_code_class: "2xx", protocol: "Http1" }), 11)
    assert.equal(value(classes, { response_code_class: "4xx" }), 4)
    assert.equal(value(classes, { response_code_class: "5xx" }), 3)
    assert.equal(value(classes, { response_code_class: "3xx" }), 0)
    assert.equal(value(calls, { service: "HelloService:1.0", method: "/hello", grpc_code: "OK" }), 5)
    assert.equal(value(calls, { service: "DownService", method: "/down", grpc_code: downCode }), 3)
    const requests = await query('mosaic_downstream_request_total{listener="egress_http"}')
    assert.equal(value(requests, {}), 18)
  } finally {
    if (prom?.pid !== undefined && prom.exitCode === null) {
      const exited = new Promise<void>((r) => prom!.once("exit", () => r()))
      process.kill(prom.pid, "SIGTERM")
      let timer: ReturnType<typeof setTimeout> | undefined
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 5000)))])
      clearTimeout(timer)
      if (prom.exitCode === null && prom.signalCode === null) process.kill(prom.pid, "SIGKILL")
    }
    await running.stop(100)
    await up.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
