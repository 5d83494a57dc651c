// Benchmark: InvokeService through the whole sidecar path (ingress -> invoker -> http channel -> pipe ->
// proxy -> Node echo server) against a bare connect-node server that answers InvokeService itself.
// Both are driven by h2load (gRPC over h2c, -c 4 -m 10, 1 thread, 1 s warm-up, 5 s measured, twice each,
// alternating; the better run is reported). Goal: Mosaic >= 0.5x the bare server's requests/s.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs"
import { cpus, tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { create, toBinary } from "@bufbuild/protobuf"
import { createClient } from "@connectrpc/connect"
import { createGrpcTransport } from "@connectrpc/connect-node"
import { InvokeServiceRequestSchema, Runtime } from "@mosaic/proto"
import { freePort, startChild, waitPort, waitReady, type Child } from "./lib/processes.ts"
import { ensureTool } from "./lib/tools.ts"
import { grpcBodyFile, runH2load, type H2loadResult } from "./lib/h2load.ts"

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, "..")
const NODE = join(root, "node_modules/.bin/node")

export interface SidecarResult {
  readonly date: string
  readonly machine: { readonly cpus: number; readonly model: string }
  readonly method: string
  readonly bare: { readonly runs: ReadonlyArray<Omit<H2loadResult, "raw">>; readonly best: number }
  readonly mosaic: { readonly runs: ReadonlyArray<Omit<H2loadResult, "raw">>; readonly best: number }
  readonly ratio: number
  readonly goal: boolean
}

const sidecarConfig = (grpcPort: number, echoPort: number) => ({
  servers: [{
    default_log_path: "stdout",
    routers: [{ router_config_name: "http_router", virtual_hosts: [{ name: "h", domains: ["*"], routers: [{ match: { headers: [{ name: "id", value: "HelloService:1.0" }] }, route: { cluster_name: "echo" } }] }] }],
    listeners: [
      { name: "grpc", address: `127.0.0.1:${grpcPort}`, bind_port: true, filter_chains: [{ filters: [{ type: "grpc", config: { server_name: "runtime", grpc_config: { rpcs: { mosn: { type: "mosn", config: { channel: [{ size: 16, protocol: "http", listener: "egress_runtime_http" }] } } } } } }] }] },
      { name: "egress_runtime_http", address: "127.0.0.1:0", bind_port: false, filter_chains: [{ filters: [{ type: "proxy", config: { downstream_protocol: "Http1", upstream_protocol: "Http1", router_config_name: "http_router" } }] }] }
    ]
  }],
  cluster_manager: { clusters: [{ name: "echo", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: `127.0.0.1:${echoPort}` }] }] }
})

const request = create(InvokeServiceRequestSchema, { id: "HelloService:1.0", message: { method: "/hello", data: { value: new TextEncoder().encode("hello runtime") } } })

export const run = async (): Promise<SidecarResult | undefined> => {
  if (!ensureTool("h2load", "nghttp2-client")) return undefined
  const dir = mkdtempSync(join(tmpdir(), "mosaic-bench-sidecar-"))
  const body = grpcBodyFile(join(dir, "body.bin"), toBinary(InvokeServiceRequestSchema, request))
  const children: Array<Child> = []
  try {
    const echo = startChild(NODE, [join(here, "lib/echo-server.ts")])
    children.push(echo)
    const echoPort = await waitReady(echo)
    const bare = startChild(NODE, ["--conditions=@mosaic/source", join(here, "lib/bare-runtime.ts")])
    children.push(bare)
    const barePort = await waitReady(bare)
    const grpcPort = await freePort()
    const configFile = join(dir, "config.json")
    writeFileSync(configFile, JSON.stringify(sidecarConfig(grpcPort, echoPort)))
    const mosaic = startChild(NODE, ["--conditions=@mosaic/source", join(root, "apps/sidecar/src/cli.ts"), "run", "-c", configFile])
    children.push(mosaic)
    await waitPort(grpcPort)
    // Both answer the same call correctly before anything is measured.
    for (const port of [barePort, grpcPort]) {
      const client = createClient(Runtime, createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}` }))
      const r = await client.invokeService(request)
      const text = new TextDecoder().decode(r.data?.value)
      if (text !== "hello world\n") throw new Error(`unexpected answer from ${port}: ${text}`)
    }
    const url = (port: number) => `http://127.0.0.1:${port}/spec.proto.runtime.v1.Runtime/InvokeService`
    const runs: Record<"bare" | "mosaic", Array<H2loadResult>> = { bare: [], mosaic: [] }
    for (let round = 0; round < 2; round++) {
      for (const [name, port] of [["bare", barePort], ["mosaic", grpcPort]] as const) {
        const r = await runH2load({ url: url(port), bodyFile: body, clients: 4, streams: 10, durationSec: 5 })
        if (r.failed > 0 || r.succeeded === 0) throw new Error(`h2load against ${name}: ${r.failed} failed\n${r.raw}`)
        runs[name].push(r)
        console.log(`  ${name.padEnd(7)} ${r.requestsPerSec.toFixed(0)} req/s (mean ${r.meanMs.toFixed(2)} ms)`)
      }
    }
    const best = (rs: Array<H2loadResult>) => Math.max(...rs.map((r) => r.requestsPerSec))
    const strip = (rs: Array<H2loadResult>) => rs.map(({ raw: _, ...r }) => r)
    const ratio = best(runs.mosaic) / best(runs.bare)
    const result: SidecarResult = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "?" },
      method: "h2load -t1 -c4 -m10 --warm-up-time 1 -D 5, gRPC unary InvokeService, 2 alternating runs each, best reported",
      bare: { runs: strip(runs.bare), best: best(runs.bare) },
      mosaic: { runs: strip(runs.mosaic), best: best(runs.mosaic) },
      ratio,
      goal: ratio >= 0.5
    }
    mkdirSync(join(here, "results"), { recursive: true })
    writeFileSync(join(here, "results/sidecar.json"), JSON.stringify(result, null, 2) + "\n")
    console.log(`sidecar path: mosaic ${result.mosaic.best.toFixed(0)} req/s vs bare connect-node ${result.bare.best.toFixed(0)} req/s -> ${ratio.toFixed(2)}x (goal >= 0.5x: ${result.goal ? "met" : "NOT met"})`)
    return result
  } finally {
    await Promise.all(children.map((c) => c.stop()))
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
