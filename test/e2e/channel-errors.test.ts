// End to end: the gRPC codes a Connect client gets when Dubbo and Bolt upstreams behind the sidecar's proxy are down, killed, slow or throw; HTTP bad input.
import { after, before, test } from "node:test"
import assert from "node:assert/strict"
import { create } from "@bufbuild/protobuf"
import { Code, ConnectError, createClient } from "@connectrpc/connect"
import { createConnectTransport } from "@connectrpc/connect-node"
import { HTTPExtension_Verb, InvokeServiceRequestSchema, Runtime } from "@mosaic/proto"
import { startFromConfig, type Running } from "@mosaic/sidecar"
import { type BoltFrame, BoltStatus, createBoltDecoder, encodeResponse, RESPONSE_CLASS } from "@mosaic/protocol-bolt"
import { createDubboDecoder, type DubboFrame, encodeResponse as encodeDubboResponse } from "@mosaic/protocol-dubbo"
import { decodeDubboRequestBody, encodeDubboResponseBody, encodeSofaResponse } from "@mosaic/hessian2"
import { REFUSED_ADDRESS, settleTimed, startTcpPeer, type TcpPeer } from "../../packages/channel-mux/src/tcp-peer.fixture.ts"
import { denoHttp2ClientIsFragile } from "./spawn-runtime.ts"

// Each upstream holds calls named "Hold" or "Slow" unanswered and throws a remote exception for any other method.
const boltMethod = (f: BoltFrame) => f.headers.get("sofa_head_method_name")
const boltAnswer = (f: BoltFrame) => boltMethod(f) === "Hold" || boltMethod(f) === "Slow" ? undefined : encodeResponse({
  protocol: f.protocol, ver1: f.ver1, switchFlags: f.switchFlags, requestId: f.requestId, status: BoltStatus.SUCCESS,
  className: RESPONSE_CLASS, headers: new Map(), content: encodeSofaResponse({ isError: true, errorMsg: "bolt app says no" })
})
const dubboMethod = (f: DubboFrame) => decodeDubboRequestBody(f.body).method
const dubboAnswer = (f: DubboFrame) => dubboMethod(f) === "Hold" || dubboMethod(f) === "Slow" ? undefined : encodeDubboResponse({
  requestId: f.requestId,
  body: encodeDubboResponseBody({ exception: { $class: "java.lang.IllegalStateException", $: { detailMessage: "dubbo app says no", cause: null } } })
})

let bolt: TcpPeer<BoltFrame>
let dubbo: TcpPeer<DubboFrame>
let running: Running
let port: number

const cluster = (name: string, address: string) => ({ name, type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address }] })
const route = (service: string, cluster_name: string) => ({ match: { headers: [{ name: "service", value: service }] }, route: { cluster_name } })
const xListener = (name: string, sub: string, router: string) => ({
  name, type: "egress", address: "127.0.0.1:0", bind_port: true, network: "tcp",
  filter_chains: [{ filters: [{ type: "proxy", config: { downstream_protocol: "X", upstream_protocol: "X", extend_config: { sub_protocol: sub }, router_config_name: router } }] }]
})

before(async () => {
  bolt = await startTcpPeer(() => createBoltDecoder(), boltAnswer)
  dubbo = await startTcpPeer(() => createDubboDecoder(), dubboAnswer)
  running = await startFromConfig({
    servers: [{
      default_log_path: "stdout",
      routers: [
        { router_config_name: "bolt_router", virtual_hosts: [{ name: "bolt", domains: ["*"], routers: [
          route("com.example.DownService:1.0", "bolt_down"), route("com.example.LiveService:1.0", "bolt_live")
        ] }] },
        { router_config_name: "dubbo_router", virtual_hosts: [{ name: "dubbo", domains: ["*"], routers: [
          route("org.example.DownService", "dubbo_down"), route("org.example.LiveService", "dubbo_live")
        ] }] }
      ],
      listeners: [
        {
          name: "grpc", address: "127.0.0.1:0", bind_port: true,
          filter_chains: [{ filters: [{ type: "grpc", config: { server_name: "runtime", grpc_config: { rpcs: { mosn: { type: "mosn", config: {
            channel: [
              { protocol: "bolt", listener: "egress_bolt", ext: { class: "com.alipay.sofa.rpc.core.request.SofaRequest" }, match: { id: "^com\\.example\\." } },
              { protocol: "dubbo", listener: "egress_dubbo", match: { id: "^org\\.example\\." } },
              { protocol: "http", listener: REFUSED_ADDRESS, size: 4 }
            ]
          } } } } } }] }]
        },
        xListener("egress_bolt", "bolt", "bolt_router"),
        xListener("egress_dubbo", "dubbo", "dubbo_router")
      ]
    }],
    cluster_manager: {
      tls_context: {},
      clusters: [
        cluster("bolt_down", REFUSED_ADDRESS), cluster("bolt_live", bolt.address),
        cluster("dubbo_down", REFUSED_ADDRESS), cluster("dubbo_live", dubbo.address)
      ]
    }
  })
  port = running.handle.ingressPorts[0]!
})

after(async () => {
  await running?.stop(100)
  await bolt?.close()
  await dubbo?.close()
})

// Deno's node:http2 client is fragile with many calls failing at once (see spawn-runtime.ts): Connect over HTTP/1.1 there.
const client = () => createClient(Runtime, createConnectTransport({ baseUrl: `http://127.0.0.1:${port}`, httpVersion: denoHttp2ClientIsFragile ? "1.1" : "2" }))
const call = (id: string, method: string, options: { timeoutMs: number; headers?: Record<string, string> }) =>
  client().invokeService(create(InvokeServiceRequestSchema, {
    id, message: { method, contentType: "application/json", data: { value: new TextEncoder().encode("[]") } }
  }), options)
const failure = (p: Promise<unknown>) => p.then(() => undefined, (e) => ConnectError.from(e))

const protocols = [
  { name: "bolt", down: "com.example.DownService:1.0", live: "com.example.LiveService:1.0", peer: () => bolt, remote: "bolt app says no" },
  { name: "dubbo", down: "org.example.DownService", live: "org.example.LiveService", peer: () => dubbo, remote: "dubbo app says no" }
] as const

for (const p of protocols) {
  test(`${p.name}: upstream down behind the proxy (connect refused) is UNAVAILABLE well within the deadline`, async () => {
    const t0 = Date.now()
    const err = await failure(call(p.down, "Echo", { timeoutMs: 10_000 }))
    assert.equal(err?.code, Code.Unavailable, String(err))
    assert.match(err!.rawMessage, /upstream connect failed|no healthy upstream host/)
    assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`)
  })

  test(`${p.name}: upstream connection killed with 50 calls in flight: all UNAVAILABLE at once`, async () => {
    const peer = p.peer()
    const seen = peer.seen.length
    const calls = Array.from({ length: 50 }, () => failure(call(p.live, "Hold", { timeoutMs: 30_000 })))
    await peer.waitFor(seen + 50, 20_000)
    const t0 = Date.now()
    peer.kill()
    const outcomes = await settleTimed(t0, calls)
    for (const o of outcomes) {
      assert.equal(o.value?.code, Code.Unavailable, String(o.value))
      assert.match(o.value!.rawMessage, /mosaic proxy: upstream connection lost/)
      assert.ok(o.ms < 5000, `failed after ${o.ms} ms`)
    }
  })

  test(`${p.name}: a slow upstream is DEADLINE_EXCEEDED at rpc_request_timeout; a remote exception is UNKNOWN`, async () => {
    const t0 = Date.now()
    const slow = await failure(call(p.live, "Slow", { timeoutMs: 10_000, headers: { rpc_request_timeout: "300" } }))
    const took = Date.now() - t0
    assert.equal(slow?.code, Code.DeadlineExceeded, String(slow))
    assert.ok(took >= 280 && took < 5000, `took ${took} ms`)
    const remote = await failure(call(p.live, "Boom", { timeoutMs: 10_000 }))
    assert.equal(remote?.code, Code.Unknown, String(remote))
    assert.equal(remote?.rawMessage, p.remote)
  })
}

test("http: CR/LF or a space in method or querystring is INVALID_ARGUMENT with the value escaped; upstream down is UNAVAILABLE", async () => {
  const http = (method: string, querystring = "") => failure(client().invokeService(create(InvokeServiceRequestSchema, {
    id: "HelloService:1.0", message: { method, httpExtension: { verb: HTTPExtension_Verb.GET, querystring } }
  }), { timeoutMs: 10_000 }))
  for (const [err, shown] of [
    [await http("/hello\r\nX-Injected: 1"), '"/hello\\r\\nX-Injected: 1"'],
    [await http("/hello world"), '"/hello world"'],
    [await http("/hello", "a=1\r\nb=2"), '"a=1\\r\\nb=2"'],
    [await http("/hello", "a=1 2"), '"a=1 2"']
  ] as const) {
    assert.equal(err?.code, Code.InvalidArgument, String(err))
    assert.ok(err!.rawMessage.includes(shown), err!.rawMessage)
    assert.doesNotMatch(err!.rawMessage, /[\r\n]/)
  }
  assert.equal((await http("/hello"))?.code, Code.Unavailable)
})
