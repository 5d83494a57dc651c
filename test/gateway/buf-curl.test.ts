// `buf curl` (the real binary, spawned with a bounded timeout) against the gateway's Auto port: the Runtime API hand-off and h2 proxying to a connect-node service.
import { test } from "node:test"
import assert from "node:assert/strict"
import { create, toBinary } from "@bufbuild/protobuf"
import { StringValueSchema } from "@bufbuild/protobuf/wkt"
import { startGateway } from "@mosaic/gateway"
import { bufCurl, makeFakeInvoker } from "../support/index.ts"
import { gatewayConfig, startConnectRuntime, startUpstreams } from "./gateway.fixture.ts"

const INVOKE = "spec.proto.runtime.v1.Runtime/InvokeService"
const SAY_HELLO = "spec.proto.runtime.v1.Runtime/SayHello"
const STRING_VALUE = "type.googleapis.com/google.protobuf.StringValue"
/** `buf curl -d` for InvokeService: the Any payload needs `@type` to be written. */
const invokeData = (id: string, text: string) => ({ id, message: { method: "echo", data: { "@type": STRING_VALUE, value: text } } })
/*
 * Runs under Deno too: Deno's node:http2 server (the gateway's h2 hand-off, the connect-node upstream) can abort
 * the process on GOAWAY after ~50 streams on one connection (denoland/deno#36788); each buf curl process opens
 * one connection with one or two streams (0 failures in 12 Deno runs of this file and shipped-config.test.ts).
 */

/** Both protocols over h2c with prior knowledge (gRPC requires HTTP/2; Connect uses it with the flag). */
const PROTOCOLS = ["grpc", "connect"] as const

const withGateway = async (
  body: (g: { port: number; h2port: number; fake: ReturnType<typeof makeFakeInvoker> }) => Promise<void>,
  ingress?: Record<string, unknown>
) => {
  const up = await startUpstreams()
  const runtimeUp = await startConnectRuntime()
  const fake = makeFakeInvoker()
  const clusters = [{ name: "runtime_up", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: `127.0.0.1:${runtimeUp.port}` }] }]
  const gw = await startGateway(gatewayConfig(up, { clusters, h2ProxyCluster: "runtime_up", ...(ingress === undefined ? {} : { ingress }) }), { invoker: fake.invoker, log: () => {} })
  try {
    await body({ port: gw.ports.gateway!, h2port: gw.ports.gateway_h2proxy!, fake })
  } finally {
    await gw.stop(200)
    await runtimeUp.close()
    await up.close()
  }
}

test("buf curl, http2.mode runtime: SayHello is printed; InvokeService reaches the invoker, its untyped answer Any cannot be printed", async () => {
  await withGateway(async ({ port, fake }) => {
    for (const protocol of PROTOCOLS) {
      const hello = await bufCurl({ url: `http://127.0.0.1:${port}/${SAY_HELLO}`, protocol, http2PriorKnowledge: true, data: { name: protocol }, timeoutMs: 15_000 })
      assert.equal(hello.exitCode, 0, hello.stderr)
      assert.equal(hello.stdout, `{\n  "hello": "greeting, ${protocol}"\n}\n`)

      const res = await bufCurl({
        url: `http://127.0.0.1:${port}/${INVOKE}`, protocol, http2PriorKnowledge: true, data: invokeData(`buf-${protocol}`, "curl"),
        headers: { "x-from": "buf" }, timeoutMs: 15_000
      })
      // the call went through the Auto port to the Runtime API and on to the invoker (Layotto's wire: Any.value as is)
      const call = fake.last().request
      assert.equal(call.id, `buf-${protocol}`)
      assert.equal(call.method, "echo")
      assert.equal(call.header["x-from"], "buf")
      assert.deepEqual([...call.data], [...toBinary(StringValueSchema, create(StringValueSchema, { value: "curl" }))])
      // the answer is InvokeResponse{data: Any{type_url: "", value}} (Layotto's binary wire), which buf's JSON printer rejects
      assert.equal(res.exitCode, 1)
      assert.equal(res.stdout, "")
      // (protobuf-go writes a space or, at random, a no-break space after "proto:" to discourage exact matching)
      assert.equal(res.stderr.replace(/\s+/g, " ").trim(), "Failure: json marshal: proto: google.protobuf.Any: type_url is not set")
    }
  })
})

test("buf curl, http2.mode proxy: InvokeService through the gateway to a connect-node Runtime upstream, printed exactly", async () => {
  await withGateway(async ({ h2port, fake }) => {
    for (const protocol of PROTOCOLS) {
      const res = await bufCurl({ url: `http://127.0.0.1:${h2port}/${INVOKE}`, protocol, http2PriorKnowledge: true, data: invokeData("7", protocol), timeoutMs: 15_000 })
      assert.equal(res.exitCode, 0, res.stderr)
      assert.equal(res.stdout, [
        "{",
        '  "data": {',
        `    "@type": "${STRING_VALUE}",`,
        `    "value": "up:7:echo:${protocol}"`,
        "  },",
        '  "contentType": "text/plain"',
        "}",
        ""
      ].join("\n"))
      const hello = await bufCurl({ url: `http://127.0.0.1:${h2port}/${SAY_HELLO}`, protocol, http2PriorKnowledge: true, data: { name: protocol }, timeoutMs: 15_000 })
      assert.equal(hello.exitCode, 0, hello.stderr)
      assert.deepEqual(hello.json, { hello: `up, ${protocol}` })
    }
    assert.equal(fake.calls.length, 0, "proxied streams never reach the Runtime API's invoker")
  })
})

test("buf curl, http2.mode runtime with the ingress's typed_any: InvokeService's answer is printed exactly", async () => {
  await withGateway(async ({ port, fake }) => {
    for (const protocol of PROTOCOLS) {
      const res = await bufCurl({
        url: `http://127.0.0.1:${port}/${INVOKE}`, protocol, http2PriorKnowledge: true, data: invokeData(`typed-${protocol}`, "curl"), timeoutMs: 15_000
      })
      assert.equal(res.exitCode, 0, res.stderr)
      // the request StringValue was unwrapped: the invoker got the text, and the answer came back typed
      assert.equal(new TextDecoder().decode(fake.last().request.data), "curl")
      assert.equal(res.stdout, [
        "{",
        '  "data": {',
        `    "@type": "${STRING_VALUE}",`,
        `    "value": "typed-${protocol}:echo:curl"`,
        "  },",
        '  "contentType": "text/plain"',
        "}",
        ""
      ].join("\n"))
    }
  }, { typed_any: true })
})
