// Interop: one gRPC InvokeService call's trace and deadline reach sofa-rpc-node (Bolt), dubbo-remoting and a node:http server, each in its own keys.
import { after, before, test } from "node:test"
import assert from "node:assert/strict"
import * as http from "node:http"
import * as net from "node:net"
import { createRequire } from "node:module"
import { create } from "@bufbuild/protobuf"
import { createClient } from "@connectrpc/connect"
import { createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node"
import { InvokeServiceRequestSchema, Runtime } from "@mosaic/proto"
import { startFromConfig, type Running } from "@mosaic/sidecar"
import { dubboRemoting, type SofaRpcServer, startSofaServer } from "./peers.fixture.ts"

const require = createRequire(import.meta.url)
/** sofa-bolt-node's own decoder of the Bolt header map (SOFA's SimpleMapSerializer). */
const simpleMap = require("sofa-bolt-node/lib/simple_map_serializer") as { decode(b: Buffer): Record<string, string | null> | null }

const T = "4bf92f3577b34da6a3ce929d0e0e4736"
const S = "00f067aa0ba902b7"
const TRACEPARENT = `00-${T}-${S}-01`
const SOFA_REQUEST = "com.alipay.sofa.rpc.core.request.SofaRequest"

interface PeerRequest { data: { requestProps?: Record<string, unknown> }; options: { timeout?: number } }

let bolt: SofaRpcServer
let dubbo: SofaRpcServer
let tap: net.Server
let web: http.Server
let running: Running
let session: Http2SessionManager
const boltSeen: Array<PeerRequest> = []
const boltHeaderMaps: Array<Record<string, string | null>> = []
const dubboSeen: Array<PeerRequest> = []
const webSeen: Array<http.IncomingHttpHeaders> = []
const sockets = new Set<net.Socket>()

/** A relay in front of the Bolt server that reads each request frame's header map (v1 layout: 22-byte header, class, header map, content). */
const startTap = (port: number) => new Promise<net.Server>((resolve) => {
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: "127.0.0.1", port })
    for (const s of [client, upstream]) { sockets.add(s); s.on("close", () => sockets.delete(s)); s.on("error", () => {}) }
    let buf = Buffer.alloc(0)
    client.on("data", (chunk: Buffer) => {
      upstream.write(chunk)
      buf = Buffer.concat([buf, chunk])
      while (buf.length >= 22 && buf[0] === 1) {
        const classLen = buf.readUInt16BE(14)
        const headerLen = buf.readUInt16BE(16)
        const total = 22 + classLen + headerLen + buf.readUInt32BE(18)
        if (buf.length < total) break
        if (buf.readUInt16BE(2) === 1) boltHeaderMaps.push(simpleMap.decode(buf.subarray(22 + classLen, 22 + classLen + headerLen)) ?? {})
        buf = buf.subarray(total)
      }
    })
    upstream.pipe(client)
    client.on("close", () => upstream.destroy())
  })
  server.listen(0, "127.0.0.1", () => resolve(server))
})

const echo = { echo: async (s: string) => s }

before(async () => {
  bolt = await startSofaServer([{ info: { interfaceName: "com.example.EchoService" }, delegate: echo }])
  ;(bolt as unknown as NodeJS.EventEmitter).on("request", ({ req }: { req: PeerRequest }) => boltSeen.push(req))
  dubbo = await startSofaServer([{ info: { interfaceName: "com.example.DubboEcho", version: "1.0.0" }, delegate: echo }], dubboRemoting)
  ;(dubbo as unknown as NodeJS.EventEmitter).on("request", ({ req }: { req: PeerRequest }) => dubboSeen.push(req))
  tap = await startTap(bolt.publishPort)
  web = http.createServer((req, res) => { webSeen.push(req.headers); res.end("ok") })
  await new Promise<void>((r) => web.listen(0, "127.0.0.1", () => r()))
  const port = (s: net.Server | http.Server) => (s.address() as net.AddressInfo).port
  running = await startFromConfig({
    servers: [{
      listeners: [{
        name: "grpc", address: "127.0.0.1:0", bind_port: true,
        filter_chains: [{ filters: [{ type: "grpc", config: { server_name: "runtime", grpc_config: { rpcs: { mosn: { type: "mosn", config: {
          channel: [
            { protocol: "bolt", listener: `127.0.0.1:${port(tap)}`, ext: { class: SOFA_REQUEST }, trace: { generate: true }, match: { id: "^com\\.example\\.EchoService:", metadata: { "x-generate": "1" } } },
            { protocol: "bolt", listener: `127.0.0.1:${port(tap)}`, ext: { class: SOFA_REQUEST }, match: { id: "^com\\.example\\.EchoService:" } },
            { protocol: "dubbo", listener: `127.0.0.1:${dubbo.publishPort}`, match: { id: "^com\\.example\\.DubboEcho" } },
            { protocol: "http", listener: `127.0.0.1:${port(web)}` }
          ]
        } } } } } }] }]
      }]
    }]
  })
  session = new Http2SessionManager(`http://127.0.0.1:${running.handle.ingressPorts[0]!}`)
})

after(async () => {
  session?.abort()
  await running?.stop(100)
  for (const s of sockets) s.destroy()
  await new Promise<void>((r) => tap?.close(() => r()))
  await new Promise<void>((r) => web?.close(() => r()))
  await bolt?.close()
  await dubbo?.close()
})

const client = () => createClient(Runtime, createGrpcTransport({ baseUrl: `http://127.0.0.1:${running.handle.ingressPorts[0]!}`, sessionManager: session }))
const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b ?? new Uint8Array(0))

const jsonCall = (id: string, method: string, arg: string) => create(InvokeServiceRequestSchema, {
  id, message: { method, contentType: "application/json", data: { value: new TextEncoder().encode(JSON.stringify({ argTypes: ["java.lang.String"], args: [arg] })) } }
})

test("gRPC traceparent + deadline -> sofa-rpc-node: sofaTraceId from the traceparent, frame timeout within the client's deadline", async () => {
  const before = boltSeen.length
  const r = await client().invokeService(jsonCall("com.example.EchoService:1.0", "echo", "hi"), {
    timeoutMs: 1500, headers: { traceparent: TRACEPARENT, tracestate: "rojo=1", "rpc-persist-user-id": "42" }
  })
  assert.equal(text(r.data?.value), '"hi"')
  const req = boltSeen[before]!
  assert.deepEqual(req.data.requestProps?.rpc_trace_context, { sofaTraceId: T, sofaRpcId: "0", sofaPenAttrs: "USER_ID=42&" })
  assert.ok(req.options.timeout! > 0 && req.options.timeout! <= 1500, `frame timeout ${req.options.timeout}`)
  // The Bolt header map itself, as sofa-bolt-node's SimpleMapSerializer decodes it.
  const h = boltHeaderMaps.at(-1)!
  assert.equal(h["rpc_trace_context.sofaTraceId"], T)
  assert.equal(h["rpc_trace_context.sofaRpcId"], "0")
  assert.equal(h.traceparent, TRACEPARENT)
  assert.equal(h.tracestate, "rojo=1")
})

test("gRPC traceparent + deadline -> dubbo-remoting: traceparent, tracestate, timeout and rpc-persist- attachments", async () => {
  const before = dubboSeen.length
  const r = await client().invokeService(jsonCall("com.example.DubboEcho:1.0.0", "echo", "hi"), {
    timeoutMs: 1200, headers: { traceparent: TRACEPARENT, tracestate: "rojo=1", "rpc-persist-user-id": "42" }
  })
  assert.equal(text(r.data?.value), '"hi"')
  const a = dubboSeen[before]!.data.requestProps!
  assert.equal(a.traceparent, TRACEPARENT)
  assert.equal(a.tracestate, "rojo=1")
  assert.equal(a["rpc-persist-user-id"], "42")
  const timeout = Number(a.timeout)
  assert.ok(timeout > 0 && timeout <= 1200, `timeout attachment ${a.timeout}`)
})

test("gRPC traceparent -> HTTP server sees it; b3-only and SOFA-only calls get a traceparent derived from them", async () => {
  const call = (headers: Record<string, string>) => client().invokeService(create(InvokeServiceRequestSchema, {
    id: "HelloService:1.0", message: { method: "/hello", data: { value: new TextEncoder().encode("x") } }
  }), { timeoutMs: 2000, headers })
  const before = webSeen.length
  await call({ traceparent: TRACEPARENT })
  await call({ b3: `${T}-${S}-0` })
  await call({ "rpc_trace_context.sofaTraceId": "0ad1348f1403169275002100356696" })
  const [w3c, b3, sofa] = webSeen.slice(before)
  assert.equal(w3c!.traceparent, TRACEPARENT)
  assert.equal(b3!.traceparent, `00-${T}-${S}-00`)
  assert.match(String(sofa!.traceparent), /^00-000ad1348f1403169275002100356696-[0-9a-f]{16}-01$/)
  for (const h of [w3c!, b3!, sofa!]) assert.equal(h["x-timeout-ms"], undefined)
})

test("b3 in -> Bolt and Dubbo carry it in their own keys; trace.generate gives a call without any trace a new one", async () => {
  const b3 = { b3: `${T}-${S}-1` }
  const nb = boltSeen.length
  const nd = dubboSeen.length
  await client().invokeService(jsonCall("com.example.EchoService:1.0", "echo", "b"), { timeoutMs: 2000, headers: b3 })
  await client().invokeService(jsonCall("com.example.DubboEcho:1.0.0", "echo", "d"), { timeoutMs: 2000, headers: b3 })
  assert.equal((boltSeen[nb]!.data.requestProps?.rpc_trace_context as Record<string, string>).sofaTraceId, T)
  assert.equal(dubboSeen[nd]!.data.requestProps!.traceparent, `00-${T}-${S}-01`)
  await client().invokeService(jsonCall("com.example.EchoService:1.0", "echo", "none"), { timeoutMs: 2000 })
  assert.equal(boltSeen[nb + 1]!.data.requestProps?.rpc_trace_context, undefined, "generate is off by default")
  await client().invokeService(jsonCall("com.example.EchoService:1.0", "echo", "gen"), { timeoutMs: 2000, headers: { "x-generate": "1" } })
  const made = boltSeen[nb + 2]!.data.requestProps?.rpc_trace_context as Record<string, string>
  assert.match(made.sofaTraceId!, /^[0-9a-f]{32}$/)
  assert.match(String(boltHeaderMaps.at(-1)!.traceparent), new RegExp(`^00-${made.sofaTraceId}-[0-9a-f]{16}-01$`))
})
