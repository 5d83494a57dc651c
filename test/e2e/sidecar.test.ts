// End to end: a sidecar from a Layotto-shaped config, called by connect-node and @grpc/grpc-js clients.
import { after, before, test } from "node:test"
import assert from "node:assert/strict"
import * as net from "node:net"
import { create } from "@bufbuild/protobuf"
import { Code, ConnectError, createClient } from "@connectrpc/connect"
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node"
import { InvokeServiceRequestSchema, Runtime } from "@mosaic/proto"
import { startFromConfig, type Running } from "@mosaic/sidecar"
import { boltEchoRequest, dubboGetUserRequest, getUserRequest, helloRequest } from "../../apps/sidecar/src/demo-calls.ts"
import { layottoConfig, startUpstreams, type Upstreams } from "./fixtures.ts"
import { grpcJsInvoke } from "./grpc-js-client.ts"
import { denoHttp2ClientIsFragile } from "./spawn-runtime.ts"

const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b ?? new Uint8Array(0))
const expectedUser = '{"jsonrpc":"2.0","id":9527,"result":{"id":"113","name":"Moorse","age":30,"time":703394193,"sex":"MAN"}}'

let upstreams: Upstreams
let slow: net.Server
let running: Running
let port: number
const slowSockets = new Set<net.Socket>()

before(async () => {
  upstreams = await startUpstreams()
  // Accepts and never answers.
  slow = net.createServer((s) => { slowSockets.add(s); s.on("close", () => slowSockets.delete(s)); s.on("error", () => {}) })
  await new Promise<void>((r) => slow.listen(0, "127.0.0.1", () => r()))
  running = await startFromConfig(layottoConfig({
    echoPort: upstreams.echo.port, usersPort: upstreams.users.port,
    boltPort: upstreams.bolt.port, dubboPort: upstreams.dubbo.port,
    slowPort: (slow.address() as net.AddressInfo).port
  }))
  port = running.handle.ingressPorts[0]!
})

after(async () => {
  await running?.stop(100)
  for (const s of slowSockets) s.destroy()
  await new Promise<void>((r) => slow.close(() => r()))
  await upstreams?.close()
})

const grpc = () => createClient(Runtime, createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}` }))

test("the seed demo: dubbo_json_rpc GetUser returns the exact JSON-RPC answer", async () => {
  const r = await grpc().invokeService(getUserRequest, { timeoutMs: 5000 })
  assert.equal(text(r.data?.value), expectedUser)
})

test("the http demo: HelloService:1.0 /hello returns the echo service's answer", async () => {
  const r = await grpc().invokeService(helloRequest, { timeoutMs: 5000 })
  assert.equal(text(r.data?.value), "GET /hello \n hello runtime")
  assert.equal(r.contentType, "text/plain; charset=utf-8")
})

test("Bolt and Dubbo services by generic JSON invoke through the bolt and dubbo channels", async () => {
  assert.equal(text((await grpc().invokeService(boltEchoRequest, { timeoutMs: 5000 })).data?.value), '"hello bolt"')
  const user = await grpc().invokeService(dubboGetUserRequest, { timeoutMs: 5000 })
  assert.equal(text(user.data?.value), '{"id":"113","name":"Moorse","age":30,"time":703394193,"sex":"MAN"}')
  assert.equal(user.contentType, "application/json")
  const missing = await grpc().invokeService(create(InvokeServiceRequestSchema, {
    id: "com.example.EchoService:1.0",
    message: { method: "nope", contentType: "application/json", data: { value: new TextEncoder().encode("[]") } }
  }), { timeoutMs: 5000 }).then(() => undefined, (e) => ConnectError.from(e))
  assert.equal(missing?.code, Code.Unknown, String(missing)) // a remote exception: UNKNOWN with the remote message
  assert.match(missing!.rawMessage, /nope/)
})

test("the same calls over Connect (HTTP/1.1 and h2c) and gRPC-Web", async () => {
  for (const transport of [
    createConnectTransport({ baseUrl: `http://127.0.0.1:${port}`, httpVersion: "1.1" }),
    createConnectTransport({ baseUrl: `http://127.0.0.1:${port}`, httpVersion: "2" }),
    createGrpcWebTransport({ baseUrl: `http://127.0.0.1:${port}`, httpVersion: "1.1" })
  ]) {
    const client = createClient(Runtime, transport)
    assert.equal(text((await client.invokeService(getUserRequest, { timeoutMs: 5000 })).data?.value), expectedUser)
    assert.equal(text((await client.invokeService(helloRequest, { timeoutMs: 5000 })).data?.value), "GET /hello \n hello runtime")
  }
})

test("@grpc/grpc-js client: both demos, and the upstream's headers come back as metadata", async () => {
  const user = await grpcJsInvoke(port, {
    id: "org.apache.dubbo.samples.UserProvider",
    message: { method: "GetUser", data: { type_url: "", value: Buffer.from('{"jsonrpc":"2.0","method":"GetUser","params":["A003"],"id":9527}') }, http_extension: { verb: "POST" } }
  })
  assert.equal(user.response.data.value.toString(), expectedUser)
  // dubbo-go echoes request headers; the filter's x-method comes back.
  assert.deepEqual(user.metadata["x-method"], ["GetUser"])
  assert.equal(user.metadata["content-length"], undefined)
  const hello = await grpcJsInvoke(port, { id: "HelloService:1.0", message: { method: "/hello", data: { type_url: "", value: Buffer.from("hello runtime") } } })
  assert.equal(hello.response.data.value.toString(), "GET /hello \n hello runtime")
})

test("no route: a gRPC error that says so", async () => {
  const err = await grpc().invokeService(create(InvokeServiceRequestSchema, { id: "NoSuchService", message: { method: "/x" } }), { timeoutMs: 5000 })
    .then(() => undefined, (e) => ConnectError.from(e))
  assert.ok(err)
  assert.equal(err.code, Code.NotFound)
  assert.match(err.rawMessage, /route/i)
})

test("upstream down: UNAVAILABLE well within the deadline", async () => {
  const t0 = Date.now()
  const err = await grpc().invokeService(create(InvokeServiceRequestSchema, { id: "DownService", message: { method: "/x" } }), { timeoutMs: 3000 })
    .then(() => undefined, (e) => ConnectError.from(e))
  assert.equal(err?.code, Code.Unavailable)
  assert.ok(Date.now() - t0 < 1000, `took ${Date.now() - t0} ms`)
})

test("slow upstream: DEADLINE_EXCEEDED at the rpc_request_timeout deadline", async () => {
  const t0 = Date.now()
  const err = await grpc().invokeService(create(InvokeServiceRequestSchema, { id: "SlowService", message: { method: "/x" } }), {
    headers: { rpc_request_timeout: "300" }, timeoutMs: 5000
  }).then(() => undefined, (e) => ConnectError.from(e))
  const took = Date.now() - t0
  assert.equal(err?.code, Code.DeadlineExceeded)
  assert.ok(took >= 280 && took < 1500, `took ${took} ms`)
})

test("slow upstream: the client's own deadline wins when it is shorter", async () => {
  const t0 = Date.now()
  const err = await grpc().invokeService(create(InvokeServiceRequestSchema, { id: "SlowService", message: { method: "/x" } }), { timeoutMs: 250 })
    .then(() => undefined, (e) => ConnectError.from(e))
  assert.equal(err?.code, Code.DeadlineExceeded)
  assert.ok(Date.now() - t0 < 1500)
})

test("many concurrent calls through a pool of 16 all succeed", async () => {
  const client = denoHttp2ClientIsFragile
    ? createClient(Runtime, createConnectTransport({ baseUrl: `http://127.0.0.1:${port}`, httpVersion: "1.1" }))
    : grpc()
  const results = await Promise.all(Array.from({ length: 200 }, (_, i) =>
    client.invokeService(create(InvokeServiceRequestSchema, { id: "HelloService:1.0", message: { method: `/n${i}`, data: { value: new TextEncoder().encode(`m${i}`) } } }), { timeoutMs: 10000 })))
  results.forEach((r, i) => assert.equal(text(r.data?.value), `GET /n${i} \n m${i}`))
})
