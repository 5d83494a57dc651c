// The gateway on one port: HTTP/1.1, HTTP/2 (gRPC + Connect to the Runtime API; h2 proxying), Bolt, Dubbo, TTHeader at once; detection limits; limiters.
import { test } from "node:test"
import assert from "node:assert/strict"
import * as http from "node:http"
import * as http2 from "node:http2"
import * as net from "node:net"
import { create } from "@bufbuild/protobuf"
import { Code, ConnectError } from "@connectrpc/connect"
import { InvokeServiceRequestSchema } from "@mosaic/proto"
import { encodeRequest as boltRequest } from "@mosaic/protocol-bolt"
import { startGateway } from "@mosaic/gateway"
import { makeClients, makeFakeInvoker } from "../support/index.ts"
import { grpcJsInvoke } from "../support/grpc-js.ts"
import { dubbo2, sleep, startDubbo2, startSofaConsumer } from "../interop/peers.fixture.ts"
import { BOLT_SERVICE, DUBBO_SERVICE, gatewayConfig, type GatewayConfigOptions, startUpstreams, ttheaderClient } from "./gateway.fixture.ts"

const java = dubbo2.java as unknown as { String(s: string): unknown }
/**
 * Deno's node:http2 *server* can abort the whole process (nghttp2 assertion on GOAWAY,
 * denoland/deno#36788); seen here about 1 run in 4 when h2 sessions close. On Deno this file
 * leaves HTTP/2 out of the mixed-protocol test; HTTP/2 on the gateway is tested on Node and Bun.
 */
const h2Served = typeof (globalThis as { Deno?: unknown }).Deno === "undefined"
const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b)

const withGateway = async (o: GatewayConfigOptions, body: (g: { port: number; h2port: number; logs: Array<string> }) => Promise<void>) => {
  const up = await startUpstreams()
  const logs: Array<string> = []
  const fake = makeFakeInvoker()
  const gw = await startGateway(gatewayConfig(up, o), { invoker: fake.invoker, log: (m) => void logs.push(m) })
  try {
    await body({ port: gw.ports.gateway!, h2port: gw.ports.gateway_h2proxy!, logs })
  } finally {
    await gw.stop(200)
    await up.close()
  }
}

const httpGet = (port: number, path: string, agent: http.Agent) =>
  new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    http.get({ host: "127.0.0.1", port, path, agent }, (res) => {
      let body = ""
      res.on("data", (c) => (body += c))
      res.on("end", () => resolve({ status: res.statusCode!, body, headers: res.headers }))
    }).on("error", reject)
  })

const h2Get = (session: http2.ClientHttp2Session, path: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const s = session.request({ ":path": path })
    let status = 0
    let body = ""
    s.on("response", (h) => (status = Number(h[":status"])))
    s.on("data", (c) => (body += c))
    s.on("end", () => resolve({ status, body }))
    s.on("error", reject)
  })

test("one Auto port: every protocol's real client at once, on its own open connection", async () => {
  await withGateway({}, async ({ port, h2port }) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const clients = makeClients(port)
    const bolt = await startSofaConsumer(port, BOLT_SERVICE)
    const dubbo = startDubbo2(port)
    const tt = await ttheaderClient(port)
    const h2 = h2Served ? http2.connect(`http://127.0.0.1:${h2port}`) : undefined
    try {
      const echo = dubbo.dubbo.proxyService({ dubboInterface: DUBBO_SERVICE, version: "1.0.0", methods: { echo: (s: string) => [java.String(s)] } })
      const invoke = (id: string) => create(InvokeServiceRequestSchema, { id, message: { method: "m", data: { value: new TextEncoder().encode("x") } } })
      for (let round = 0; round < 3; round++) {
        const [h1, b, d, t] = await Promise.all([
          httpGet(port, `/h1/${round}`, agent),
          bolt.consumer.invoke("echo", [{ $class: "java.lang.String", $: `b${round}` }], { responseTimeout: 3000 }),
          echo.echo!(`d${round}`),
          tt.call("echo", `t${round}`)
        ])
        assert.equal(h1.body, `http:GET /h1/${round} `)
        assert.equal(b, `bolt:b${round}`)
        assert.deepEqual(d, { res: `dubbo:d${round}`, err: null })
        assert.deepEqual(t, { text: `tt:echo:t${round}`, type: 2 })
        if (!h2Served) continue
        const [grpc, connect, grpcJs, p] = await Promise.all([
          clients.grpc.invokeService(invoke(`grpc${round}`), { timeoutMs: 3000 }),
          clients.connectH2.invokeService(invoke(`connect${round}`), { timeoutMs: 3000 }),
          grpcJsInvoke(clients.grpcJs, { id: `grpcjs${round}`, message: { method: "m", data: { type_url: "", value: Buffer.from("x") } } }),
          h2Get(h2!, `/h2/${round}`)
        ])
        assert.equal(text(grpc.data?.value), `grpc${round}:m:x`)
        assert.equal(text(connect.data?.value), `connect${round}:m:x`)
        assert.equal(Buffer.from(grpcJs.response.data!.value!).toString(), `grpcjs${round}:m:x`)
        assert.deepEqual(p, { status: 200, body: `h2:/h2/${round}` })
      }
      // Kitex's TTHeaderFramed: a framed Thrift payload (written by the thrift npm package) inside TTHeader
      const framed = await ttheaderClient(port, { framing: "framed" })
      assert.deepEqual(await framed.call("echo", "framed"), { text: "tt:echo:framed", type: 2 })
      framed.close()
      // a TTHeader call with no route: a Thrift TApplicationException (message type 3) from the proxy, same seqid
      const tt2 = await ttheaderClient(port, { service: "Other", framing: "framed" })
      const nope = await tt2.call("echo", "z")
      assert.equal(nope.type, 3)
      assert.match(nope.text, /mosaic proxy: no route/)
      tt2.close()
    } finally {
      agent.destroy()
      clients.close()
      await bolt.close()
      dubbo.close()
      tt.close()
      h2?.destroy()
    }
  })
})

test("bytes arriving one at a time are detected and served (TTHeader, HTTP/1)", async () => {
  await withGateway({}, async ({ port }) => {
    const tt = await ttheaderClient(port, { dribble: true })
    assert.deepEqual(await tt.call("slowly", "one byte at a time"), { text: "tt:slowly:one byte at a time", type: 2 })
    tt.close()
    const socket = net.connect(port, "127.0.0.1")
    socket.setNoDelay(true)
    let got = ""
    socket.on("data", (c) => (got += c))
    for (const b of Buffer.from("GET /dribble HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) {
      socket.write(Uint8Array.of(b))
      await sleep(1)
    }
    await new Promise((r) => socket.once("close", r))
    assert.match(got, /^HTTP\/1\.1 200/)
    assert.match(got, /http:GET \/dribble /)
  })
})

test("silence or garbage is closed after the configured time/bytes with a log line; other connections are unaffected", async () => {
  await withGateway({ detect: { max_bytes: 16, timeout: "200ms" } }, async ({ port, logs }) => {
    const tt = await ttheaderClient(port)
    assert.deepEqual(await tt.call("first", "call"), { text: "tt:first:call", type: 2 })
    const silent = net.connect(port, "127.0.0.1")
    const garbage = net.connect(port, "127.0.0.1")
    silent.on("error", () => {})
    garbage.on("error", () => {})
    const t0 = Date.now()
    const silentClosed = new Promise((r) => silent.once("close", r))
    const garbageClosed = new Promise((r) => garbage.once("close", r))
    garbage.write(Buffer.from("\x7fELF this is not a protocol at all"))
    await garbageClosed
    await silentClosed
    assert.ok(Date.now() - t0 >= 150, "the silent connection waited for the timeout")
    assert.ok(logs.some((l) => /protocol not detected \(no-match\)/.test(l)), logs.join("\n"))
    assert.ok(logs.some((l) => /protocol not detected \(timeout\) after 0 bytes/.test(l)), logs.join("\n"))
    assert.equal(logs.length, 2, logs.join("\n"))
    assert.deepEqual(await tt.call("still", "alive"), { text: "tt:still:alive", type: 2 })
    tt.close()
  })
})

test("limiters: over max_connections / max_qps each client sees its protocol's own overload error", async () => {
  await withGateway({ limits: { max_connections: 0, max_qps: 2 } }, async ({ port }) => {
    // QPS: 2 per second (one token per 100 ms period at most 1 saved): a burst of 6 is mostly refused
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const statuses = []
    for (let i = 0; i < 4; i++) statuses.push((await httpGet(port, `/q${i}`, agent)).status)
    assert.ok(statuses.includes(429), `HTTP/1 429 (${statuses})`)
    assert.ok(statuses.includes(200), `HTTP/1 200 (${statuses})`)
    agent.destroy()

    const bolt = await startSofaConsumer(port, BOLT_SERVICE)
    const boltErrors = await Promise.all(Array.from({ length: 4 }, (_, i) =>
      bolt.consumer.invoke("echo", [{ $class: "java.lang.String", $: `q${i}` }], { responseTimeout: 3000 }).then(() => "", (e: Error) => e.message)))
    assert.ok(boltErrors.some((m) => /mosaic proxy: over the listener's max_qps/.test(m)), boltErrors.join(" | "))
    await bolt.close()

    await sleep(300)
    const dubbo = startDubbo2(port)
    const echo = dubbo.dubbo.proxyService({ dubboInterface: DUBBO_SERVICE, version: "1.0.0", methods: { echo: (s: string) => [java.String(s)] } })
    const dubboResults = await Promise.all(Array.from({ length: 4 }, (_, i) => echo.echo!(`q${i}`)))
    assert.ok(dubboResults.some((r) => /max_qps/.test(String(r.err?.message))), JSON.stringify(dubboResults))
    dubbo.close()

    if (!h2Served) return
    await sleep(300)
    const clients = makeClients(port)
    const codes = await Promise.all(Array.from({ length: 4 }, (_, i) =>
      clients.grpc.invokeService(create(InvokeServiceRequestSchema, { id: `g${i}`, message: { method: "m" } }), { timeoutMs: 3000 })
        .then(() => Code.Unknown - Code.Unknown, (e) => ConnectError.from(e).code)))
    assert.ok(codes.includes(Code.ResourceExhausted), `gRPC RESOURCE_EXHAUSTED (${codes})`)
    clients.close()
  })
})

test("max_connections: the connection over the limit gets HTTP/1 503 / Bolt THREADPOOL_BUSY", async () => {
  await withGateway({ limits: { max_connections: 1, max_qps: 0 } }, async ({ port }) => {
    const tt = await ttheaderClient(port)
    assert.deepEqual(await tt.call("first", "in"), { text: "tt:first:in", type: 2 })
    const res = await httpGet(port, "/over", new http.Agent({ keepAlive: false }))
    assert.equal(res.status, 503)
    const socket = net.connect(port, "127.0.0.1")
    let got = Buffer.alloc(0)
    socket.on("data", (c) => (got = Buffer.concat([got, c])))
    socket.write(boltRequest({ requestId: 9, timeout: 3000, className: "com.alipay.sofa.rpc.core.request.SofaRequest", headers: { service: `${BOLT_SERVICE}:1.0` }, content: new Uint8Array(0) }))
    await new Promise((r) => socket.once("close", r))
    assert.equal(got[0], 1) // Bolt v1 response
    assert.equal(got.readUInt32BE(5), 9) // same request id
    assert.equal(got.readUInt16BE(10), 4) // SERVER_THREADPOOL_BUSY
    tt.close()
  })
})

test("the gateway listener's own stream_filters (Layotto config) run on its HTTP/1 requests", async () => {
  const streamFilters = [{ type: "header", config: { response_headers_to_add: [{ header: { key: "x-via", value: "mosaic-gateway" } }] } }]
  await withGateway({ streamFilters }, async ({ port }) => {
    const agent = new http.Agent({ keepAlive: false })
    const res = await httpGet(port, "/filtered", agent)
    assert.deepEqual([res.status, res.body, res.headers["x-via"]], [200, "http:GET /filtered ", "mosaic-gateway"])
    agent.destroy()
  })
})
