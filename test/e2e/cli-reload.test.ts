// `mosaic run` reloads its config file on SIGHUP and with --watch; a broken file is refused in one log line and the old config keeps serving.
import { after, test } from "node:test"
import assert from "node:assert/strict"
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs"
import * as http from "node:http"
import type * as net from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { create } from "@bufbuild/protobuf"
import { createClient } from "@connectrpc/connect"
import { createConnectTransport } from "@connectrpc/connect-node"
import { InvokeServiceRequestSchema, Runtime } from "@mosaic/proto"
import { drainConfig } from "./drain-config.fixture.ts"
import { spawnScript } from "./spawn-runtime.ts"

const cli = new URL("../../apps/sidecar/src/cli.ts", import.meta.url).pathname
const tmp = mkdtempSync(join(tmpdir(), "mosaic-cli-reload-"))
after(() => rmSync(tmp, { recursive: true, force: true }))

const named = async (name: string) => {
  const server = http.createServer((req, res) => {
    req.resume()
    res.end(name)
  })
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()))
  return { port: (server.address() as net.AddressInfo).port, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()) }) }
}

/** Replace the file in one step, as editors and config managers do. */
const writeAtomically = (file: string, text: string) => {
  writeFileSync(`${file}.tmp`, text)
  renameSync(`${file}.tmp`, file)
}

for (const mode of ["SIGHUP", "--watch"] as const) {
  test(`reload on ${mode}: a new route is used, a broken file is refused with its JSON path and the old config keeps serving`, async () => {
    const a = await named("a")
    const b = await named("b")
    const file = join(tmp, `config-${mode.replace(/\W/g, "")}.json`)
    writeFileSync(file, JSON.stringify(drainConfig({ upstreamPort: a.port, size: 2 })))
    const p = spawnScript(cli, ["run", "-c", file, ...(mode === "--watch" ? ["--watch"] : [])])
    try {
      const port = Number((await p.waitFor(/runtime up \(grpc on (\d+)\)/))[1])
      const client = createClient(Runtime, createConnectTransport({ baseUrl: `http://127.0.0.1:${port}`, httpVersion: "1.1" }))
      const call = async () => new TextDecoder().decode((await client.invokeService(create(InvokeServiceRequestSchema, { id: "s", message: { method: "/" } }))).data?.value)
      assert.equal(await call(), "a")
      // process.kill, not child.kill: Deno's ChildProcess sends only its first kill()
      const reload = () => { if (mode === "SIGHUP") process.kill(p.child.pid!, "SIGHUP") }
      writeAtomically(file, JSON.stringify(drainConfig({ upstreamPort: b.port, size: 2, cluster: "other" })))
      reload()
      await p.waitFor(/reload 1 \([^)]*\): config .* in force/)
      assert.equal(await call(), "b")
      const broken = drainConfig({ upstreamPort: b.port, size: 2 }) as any
      broken.cluster_manager.clusters[0].lb_type = "LB_NOPE"
      writeAtomically(file, JSON.stringify(broken))
      reload()
      const refused = (await p.waitFor(/mosaic: reload \d+ .*refused.*\n/))[0]
      assert.match(refused, /cluster_manager\.clusters\[0\]\.lb_type/)
      assert.equal(refused.trim().split("\n").length, 1)
      assert.equal(await call(), "b")
    } finally {
      p.child.kill("SIGKILL")
      await a.close()
      await b.close()
    }
  })
}
