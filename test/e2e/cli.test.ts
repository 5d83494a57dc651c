// The `mosaic run -c` CLI as a process: bad config exits non-zero with one line; SIGTERM drains.
import { after, test } from "node:test"
import assert from "node:assert/strict"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as net from "node:net"
import { create } from "@bufbuild/protobuf"
import { createClient } from "@connectrpc/connect"
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node"
import { InvokeServiceRequestSchema, Runtime } from "@mosaic/proto"
import { layottoConfig, startUpstreams } from "./fixtures.ts"
import { denoHttp2ClientIsFragile, runtimeName, spawnScript } from "./spawn-runtime.ts"

const cli = new URL("../../apps/sidecar/src/cli.ts", import.meta.url).pathname
const tmp = mkdtempSync(join(tmpdir(), "mosaic-cli-test-"))
after(() => rmSync(tmp, { recursive: true, force: true }))
let configs = 0
const writeConfig = (config: unknown) => {
  const file = join(tmp, `config-${++configs}.json`)
  writeFileSync(file, typeof config === "string" ? config : JSON.stringify(config))
  return file
}
const freePort = () => new Promise<number>((resolve) => {
  const s = net.createServer()
  s.listen(0, "127.0.0.1", () => {
    const p = (s.address() as net.AddressInfo).port
    s.close(() => resolve(p))
  })
})

test("a malformed config exits non-zero with one line naming the JSON path", async () => {
  const config = layottoConfig({ echoPort: 1, usersPort: 2 }) as any
  config.servers[0].listeners[0].filter_chains[0].filters[0].config.grpc_config.rpcs.mosn.config.channel[0].size = "big"
  const p = spawnScript(cli, ["run", "-c", writeConfig(config)])
  const code = await p.exited
  assert.notEqual(code, 0)
  const lines = p.output().trim().split("\n")
  assert.equal(lines.length, 1, p.output())
  assert.match(lines[0]!, /servers\[0\]\.listeners\[0\]\.filter_chains\[0\]\.filters\[0\]\.config\.grpc_config\.rpcs\.mosn\.config\.channel\[0\]\.size/)
})

test("invalid JSON and an unknown filter name are one-line config errors too", async () => {
  const a = spawnScript(cli, ["run", "-c", writeConfig("{ not json")])
  assert.notEqual(await a.exited, 0)
  assert.match(a.output().trim(), /^config error: .*config-\d+\.json: /)
  const config = layottoConfig({ echoPort: 1, usersPort: 2 }) as any
  config.servers[0].listeners[0].filter_chains[0].filters[0].config.grpc_config.rpcs.mosn.config.before_invoke = [{ name: "no_such_filter" }]
  const b = spawnScript(cli, ["run", "-c", writeConfig(config)])
  assert.notEqual(await b.exited, 0)
  assert.equal(b.output().trim().split("\n").length, 1)
  assert.match(b.output(), /before_invoke\[0\]\.name: unknown before_invoke plugin "no_such_filter"/)
})

test("runs a config; on SIGTERM stops accepting, lets the in-flight call finish, exits 0", async () => {
  const upstreams = await startUpstreams()
  // A slow upstream that answers after 400 ms.
  const slowServer = net.createServer((s) => {
    s.on("error", () => {})
    s.once("data", () => setTimeout(() => s.end("HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\nlate"), 400))
  })
  await new Promise<void>((r) => slowServer.listen(0, "127.0.0.1", () => r()))
  const grpcPort = await freePort()
  const proxyPort = await freePort()
  const p = spawnScript(cli, ["run", "-c", writeConfig(layottoConfig({
    echoPort: upstreams.echo.port, usersPort: upstreams.users.port, grpcPort, proxyPort,
    slowPort: (slowServer.address() as net.AddressInfo).port
  })), "--drain-timeout", "3000"])
  try {
    await p.waitFor(/runtime up/)
    const baseUrl = `http://127.0.0.1:${grpcPort}`
    const client = createClient(Runtime, denoHttp2ClientIsFragile
      ? createConnectTransport({ baseUrl, httpVersion: "1.1" })
      : createGrpcTransport({ baseUrl }))
    const hello = await client.invokeService(create(InvokeServiceRequestSchema, { id: "HelloService:1.0", message: { method: "/hello" } }))
    assert.equal(new TextDecoder().decode(hello.data?.value), "GET /hello \n ")
    const inFlight = client.invokeService(create(InvokeServiceRequestSchema, { id: "SlowService", message: { method: "/slow" } }), { timeoutMs: 3000 })
    await new Promise((r) => setTimeout(r, 100))
    p.child.kill("SIGTERM")
    const r = await inFlight
    assert.equal(new TextDecoder().decode(r.data?.value), "late")
    const code = await p.exited
    // Deno's child_process reports (null, "SIGTERM") for a child that handled SIGTERM and exited 0.
    if (runtimeName === "deno" && code === null) assert.equal(p.signal(), "SIGTERM")
    else assert.equal(code, 0, p.output())
    assert.match(p.output(), /mosaic: drained, bye\n$/)
  } finally {
    p.child.kill("SIGKILL")
    await new Promise<void>((r) => slowServer.close(() => r()))
    await upstreams.close()
  }
})
