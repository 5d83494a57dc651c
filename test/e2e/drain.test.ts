// Drain as a process: SIGTERM with 50 calls in flight through a channel pool of 1 loses none; SIGTERM to `npx mosaic run` leaves nothing behind.
import { after, test } from "node:test"
import assert from "node:assert/strict"
import { spawn } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import * as http from "node:http"
import * as net from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { create } from "@bufbuild/protobuf"
import { ConnectError, createClient } from "@connectrpc/connect"
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node"
import { InvokeServiceRequestSchema, Runtime } from "@mosaic/proto"
import { drainConfig } from "./drain-config.fixture.ts"
import { denoHttp2ClientIsFragile, runtimeName, spawnScript } from "./spawn-runtime.ts"

const root = new URL("../../", import.meta.url).pathname
const cli = join(root, "apps/sidecar/src/cli.ts")
const tmp = mkdtempSync(join(tmpdir(), "mosaic-drain-test-"))
after(() => rmSync(tmp, { recursive: true, force: true }))
const writeConfig = (name: string, config: unknown) => {
  const file = join(tmp, name)
  writeFileSync(file, JSON.stringify(config))
  return file
}

/** An HTTP upstream that answers every request after `delayMs`. */
const slowUpstream = async (delayMs: number) => {
  let received = 0
  const server = http.createServer((req, res) => {
    received++
    req.resume()
    setTimeout(() => res.end(`done ${req.url}`), delayMs)
  })
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()))
  return {
    port: (server.address() as net.AddressInfo).port,
    received: () => received,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()) })
  }
}

const isRefused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, "127.0.0.1")
    s.on("connect", () => { s.destroy(); resolve(false) })
    s.on("error", () => resolve(true))
  })

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

const waitUntil = async (cond: () => boolean | Promise<boolean>, ms: number, what: string) => {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await cond()) return
    await new Promise((r) => setTimeout(r, 50))
  }
  assert.fail(`${what}: not within ${ms} ms`)
}

test("SIGTERM with 50 calls in flight through a channel pool of 1: every call succeeds, each counted once, 5 of 5 runs", async () => {
  const up = await slowUpstream(25)
  try {
    for (let run = 1; run <= 5; run++) {
      const p = spawnScript(cli, ["run", "-c", writeConfig(`drain-${run}.json`, drainConfig({ upstreamPort: up.port, size: 1 })), "--drain-timeout", "20000"])
      try {
        const port = Number((await p.waitFor(/runtime up \(grpc on (\d+)\)/))[1])
        const baseUrl = `http://127.0.0.1:${port}`
        const client = createClient(Runtime, denoHttp2ClientIsFragile
          ? createConnectTransport({ baseUrl, httpVersion: "1.1" })
          : createGrpcTransport({ baseUrl }))
        const before = up.received()
        const calls = Array.from({ length: 50 }, (_, i) =>
          client.invokeService(create(InvokeServiceRequestSchema, { id: "SlowService", message: { method: `/call-${i}` } }), {
            timeoutMs: 30_000,
            headers: { rpc_request_timeout: "30000" }
          }).then((r) => new TextDecoder().decode(r.data?.value), (e: unknown) => `failed: ${ConnectError.from(e).message}`))
        // every call reached the runtime and waits for the one pooled connection
        await waitUntil(() => up.received() - before >= 2, 10_000, "the first calls reach the upstream")
        await new Promise((r) => setTimeout(r, 150))
        const t0 = Date.now()
        p.child.kill("SIGTERM")
        const answers = await Promise.all(calls)
        assert.deepEqual(answers.filter((a) => a.startsWith("failed")), [], `run ${run}`)
        assert.deepEqual(answers, Array.from({ length: 50 }, (_, i) => `done /call-${i}`))
        const code = await p.exited
        if (runtimeName === "deno" && code === null) assert.equal(p.signal(), "SIGTERM")
        else assert.equal(code, 0, p.output())
        assert.ok(Date.now() - t0 < 20_000)
        const m = /draining (\d+) calls in flight/.exec(p.output())
        assert.ok(m !== null, p.output())
        // counted once: never more than the 50 calls, however many proxy streams they made
        assert.ok(Number(m[1]) > 0 && Number(m[1]) <= 50, p.output())
        assert.match(p.output(), /mosaic: drained, bye\n$/)
        assert.equal(await isRefused(port), true)
      } finally {
        p.child.kill("SIGKILL")
      }
    }
  } finally {
    await up.close()
  }
})

test("SIGTERM to `npm exec mosaic run` (what `npx mosaic run` starts) drains the runtime: no process left, the port free", { skip: runtimeName !== "node" && "npm is driven from the Node run only" }, async () => {
  const up = await slowUpstream(200)
  const npm = spawn("npm", ["exec", "--no-install", "--", "mosaic", "run", "-c", writeConfig("npx.json", drainConfig({ upstreamPort: up.port, size: 4 }))], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PATH: `${join(root, "node_modules/.bin")}:${process.env.PATH}` }
  })
  let out = ""
  npm.stdout!.on("data", (b: Buffer) => void (out += b.toString()))
  npm.stderr!.on("data", (b: Buffer) => void (out += b.toString()))
  let pid = 0
  try {
    await waitUntil(() => /runtime up \(grpc on \d+\).*pid \d+/.test(out), 20_000, `runtime up; output:\n${out}`)
    const m = /runtime up \(grpc on (\d+)\).*pid (\d+)/.exec(out)!
    const port = Number(m[1])
    pid = Number(m[2])
    // one process runs the runtime: its parent is the shell npm started, not a second Node launcher
    assert.notEqual(pid, npm.pid)
    const client = createClient(Runtime, createConnectTransport({ baseUrl: `http://127.0.0.1:${port}`, httpVersion: "1.1" }))
    const call = client.invokeService(create(InvokeServiceRequestSchema, { id: "x", message: { method: "/in-flight" } }))
    await waitUntil(() => up.received() >= 1, 10_000, "the call reaches the upstream")
    npm.kill("SIGTERM")
    assert.equal(new TextDecoder().decode((await call).data?.value), "done /in-flight")
    await waitUntil(() => !alive(pid), 10_000, `runtime pid ${pid} exits; output:\n${out}`)
    assert.equal(await isRefused(port), true)
    assert.match(out, /drained, bye/)
  } finally {
    npm.kill("SIGKILL")
    if (pid !== 0 && alive(pid)) process.kill(pid, "SIGKILL")
    await up.close()
  }
})
