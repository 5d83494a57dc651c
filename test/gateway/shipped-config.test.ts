// apps/gateway/configs/gateway.json as shipped (addresses moved to test ports): the README's calls (curl, buf curl, Connect JSON, thrift npm clients) work.
import { test } from "node:test"
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import * as http from "node:http"
import * as http2 from "node:http2"
import { startGateway } from "@mosaic/gateway"
import { bufCurl } from "../support/index.ts"
import { connectThriftClient, startThriftServer, type ThriftStack } from "../support/thrift-echo.fixture.ts"
import { startHttpEcho } from "./gateway.fixture.ts"

interface ShippedConfig {
  servers: Array<{ listeners: Array<{ name: string; address: string }> }>
  cluster_manager: { clusters: Array<{ name: string; hosts: Array<{ address: string }> }> }
}

const shipped = (): ShippedConfig => JSON.parse(readFileSync(new URL("../../apps/gateway/configs/gateway.json", import.meta.url), "utf8")) as ShippedConfig

/** The shipped config with the gateway listener on port 0 and the named clusters on test upstreams. */
const onTestPorts = (ports: Record<string, number>): ShippedConfig => {
  const config = shipped()
  for (const l of config.servers[0]!.listeners) if (l.name === "gateway") l.address = "127.0.0.1:0"
  for (const c of config.cluster_manager.clusters) {
    const port = ports[c.name]
    if (port !== undefined) c.hosts = [{ address: `127.0.0.1:${port}` }]
  }
  return config
}

/** What `curl --http2-prior-knowledge -H 'content-type: application/json' -d …` sends: Connect JSON over h2c. */
const connectJson = (port: number, path: string, body: unknown) =>
  new Promise<{ status: number; json: unknown }>((resolve, reject) => {
    const session = http2.connect(`http://127.0.0.1:${port}`)
    session.on("error", reject)
    const s = session.request({ ":method": "POST", ":path": path, "content-type": "application/json" })
    let status = 0
    let text = ""
    s.on("response", (h) => (status = Number(h[":status"])))
    s.setEncoding("utf8").on("data", (c: string) => (text += c))
    s.on("end", () => {
      session.close()
      resolve({ status, json: JSON.parse(text) })
    })
    s.on("error", reject)
    s.end(JSON.stringify(body))
  })

const httpGet = (port: number, path: string) =>
  new Promise<string>((resolve, reject) => {
    http.get({ host: "127.0.0.1", port, path, agent: false }, (res) => {
      let body = ""
      res.on("data", (c) => (body += c))
      res.on("end", () => resolve(body))
    }).on("error", reject)
  })

test("configs/gateway.json: HTTP/1, buf curl SayHello, Connect JSON InvokeService (via the config's own mosn invoker), thrift npm clients", async () => {
  const web = await startHttpEcho()
  // one thrift npm server for buffered and THeader calls (TBufferedTransport + THeaderProtocol reads both), one framed
  const thriftServer = await startThriftServer("theader", "thrift")
  const thriftFramed = await startThriftServer("framed", "thrift-framed")
  const gw = await startGateway(onTestPorts({ http_server: web.port, thrift_server: thriftServer.port, thrift_framed_server: thriftFramed.port }), { log: () => {} })
  const port = gw.ports.gateway!
  try {
    assert.equal(await httpGet(port, "/hello"), "http:GET /hello ")

    const hello = await bufCurl({ url: `http://127.0.0.1:${port}/spec.proto.runtime.v1.Runtime/SayHello`, protocol: "grpc", http2PriorKnowledge: true, data: { name: "buf" }, timeoutMs: 15_000 })
    assert.equal(hello.exitCode, 0, hello.stderr)
    assert.equal(hello.stdout, '{\n  "hello": "greeting, buf"\n}\n')

    // InvokeService -> the grpc listener's mosn invoker -> its http channel -> the gateway listener (in process) -> http_server
    const invoked = await connectJson(port, "/spec.proto.runtime.v1.Runtime/InvokeService", { id: "HelloService:1.0", message: { method: "/hello" } })
    assert.deepEqual(invoked, { status: 200, json: { data: { "@type": "type.googleapis.com/google.protobuf.StringValue", value: "http:GET /hello " } } })

    const expected: Record<ThriftStack, string> = { buffered: "thrift", theader: "thrift", framed: "thrift-framed" }
    for (const stack of ["buffered", "theader", "framed"] as const) {
      const c = await connectThriftClient(port, stack)
      try {
        if (stack === "theader") c.setHeader("x-trace", "readme")
        assert.deepEqual([await c.client.echo("hello"), await c.client.add(2, 40)], [`${expected[stack]}:hello`, 42], stack)
      } finally {
        c.close()
      }
    }
    const withHeaders = thriftServer.headers.filter((h) => Object.keys(h).length > 0)
    assert.deepEqual(withHeaders, [{ "x-trace": "readme" }, { "x-trace": "readme" }], "the THeader calls reached the server as THeader")
  } finally {
    await gw.stop(200)
    await Promise.all([web.close(), thriftServer.close(), thriftFramed.close()])
  }
})
