// End to end: InvokeService and SayHello over gRPC, Connect and gRPC-Web (h2c and HTTP/1.1) on one port, grpc-js and buf curl.
import { test } from "node:test"
import assert from "node:assert/strict"
import { create, fromBinary, toBinary } from "@bufbuild/protobuf"
import { AnySchema, StringValueSchema } from "@bufbuild/protobuf/wkt"
import { Code as ConnectCode, ConnectError } from "@connectrpc/connect"
import { HTTPExtension_Verb } from "@mosaic/proto"
import { bufCurl, grpcJsCall, grpcJsInvoke, makeFakeInvoker, withIngress } from "../../../test/support/index.ts"

const text = (s: string) => new TextEncoder().encode(s)
const str = (b: Uint8Array | undefined) => new TextDecoder().decode(b)
const rawAny = (s: string) => create(AnySchema, { typeUrl: "", value: text(s) })

test("InvokeService answers on one port over every connect-node protocol", async () => {
  const fake = makeFakeInvoker()
  await withIngress(fake.invoker, {}, async ({ clients }) => {
    for (const [name, client] of clients.connect) {
      if (name.startsWith("connect-json")) continue
      const res = await client.invokeService({
        id: "HelloService:1.0",
        message: { method: "hello", data: rawAny(name), contentType: "text/plain" }
      })
      assert.equal(res.contentType, "text/plain", name)
      assert.equal(res.data?.typeUrl, "", name)
      assert.equal(str(res.data?.value), `HelloService:1.0:hello:${name}`, name)
      const req = fake.last().request
      assert.equal(req.id, "HelloService:1.0", name)
      assert.equal(req.method, "hello", name)
      assert.equal(req.contentType, "text/plain", name)
      assert.equal(str(req.data), name, name)
    }
    assert.equal(fake.calls.length, 5)
  })
})

test("Connect JSON: StringValue/BytesValue payloads are unwrapped, the answer comes back as a StringValue", async () => {
  const fake = makeFakeInvoker()
  await withIngress(fake.invoker, {}, async ({ clients }) => {
    const data = create(AnySchema, {
      typeUrl: "type.googleapis.com/google.protobuf.StringValue",
      value: toBinary(StringValueSchema, create(StringValueSchema, { value: "json hi" }))
    })
    const res = await clients.connectJsonH1.invokeService({ id: "svc", message: { method: "m", data } })
    assert.equal(str(fake.last().request.data), "json hi")
    assert.equal(res.data?.typeUrl, "type.googleapis.com/google.protobuf.StringValue")
    assert.equal(fromBinary(StringValueSchema, res.data!.value).value, "svc:m:json hi")
  })
})

test("typed_any: binary gRPC gets a typed StringValue answer and its StringValue request is unwrapped", async () => {
  const fake = makeFakeInvoker()
  await withIngress(fake.invoker, { typed_any: true }, async ({ clients }) => {
    const data = create(AnySchema, {
      typeUrl: "type.googleapis.com/google.protobuf.StringValue",
      value: toBinary(StringValueSchema, create(StringValueSchema, { value: "bin hi" }))
    })
    const res = await clients.grpc.invokeService({ id: "svc", message: { method: "m", data } })
    assert.equal(str(fake.last().request.data), "bin hi")
    assert.equal(res.data?.typeUrl, "type.googleapis.com/google.protobuf.StringValue")
    assert.equal(fromBinary(StringValueSchema, res.data!.value).value, "svc:m:bin hi")
  })
})

test("a missing message and missing data give empty fields, not an error", async () => {
  const fake = makeFakeInvoker()
  await withIngress(fake.invoker, {}, async ({ clients }) => {
    await clients.grpc.invokeService({ id: "only-id" })
    const req = fake.last().request
    assert.equal(req.method, "")
    assert.equal(req.contentType, "")
    assert.equal(req.data.length, 0)
    assert.equal(req.header["verb"], undefined)
  })
})

test("grpc-js (proto-loader) calls InvokeService; Any is { type_url, value }", async () => {
  const fake = makeFakeInvoker()
  await withIngress(fake.invoker, {}, async ({ clients }) => {
    const { response, headers } = await grpcJsInvoke(clients.grpcJs, {
      id: "HelloService:1.0",
      message: { method: "hello", data: { type_url: "", value: text("from grpc-js") }, httpExtension: { verb: "POST", querystring: "a=1" } }
    })
    assert.equal(str(response.data?.value), "HelloService:1.0:hello:from grpc-js")
    assert.equal(response.data?.type_url, "")
    assert.equal(response.contentType, "text/plain")
    assert.equal(headers["x-echo-id"], "HelloService:1.0")
    assert.equal(fake.last().request.header["verb"], "POST")
    assert.equal(fake.last().request.header["query_string"], "a=1")
  })
})

test("SayHello: built-in greeting, configured instances, unknown instance is NOT_FOUND, data echoed", async () => {
  const fake = makeFakeInvoker()
  await withIngress(fake.invoker, {}, async ({ clients }) => {
    assert.equal((await clients.grpc.sayHello({ serviceName: "anything" })).hello, "greeting")
    const res = await clients.connectH1.sayHello({ serviceName: "x", name: "layotto", data: rawAny("payload") })
    assert.equal(res.hello, "greeting, layotto")
    assert.equal(str(res.data?.value), "payload")
    const viaGrpcJs = await grpcJsCall<{ hello: string }>(clients.grpcJs, "SayHello", { serviceName: "x", name: "js" })
    assert.equal(viaGrpcJs.response.hello, "greeting, js")
  })
  await withIngress(fake.invoker, { hellos: { quick_start_demo: "hello" } }, async ({ clients }) => {
    assert.equal((await clients.grpcWebH1.sayHello({ serviceName: "quick_start_demo", name: "bob" })).hello, "hello, bob")
    const err = await clients.grpc.sayHello({ serviceName: "nope" }).then(() => undefined, (e: unknown) => ConnectError.from(e))
    assert.equal(err?.code, ConnectCode.NotFound)
    assert.match(err?.rawMessage ?? "", /no instance found/)
  })
  assert.equal(fake.calls.length, 0)
})

test("an unknown method is UNIMPLEMENTED", async () => {
  const fake = makeFakeInvoker()
  await withIngress(fake.invoker, {}, async ({ ingress }) => {
    const res = await fetch(`${ingress.server.url}/spec.proto.runtime.v1.Runtime/GetState`, {
      method: "POST", headers: { "content-type": "application/json" }, body: "{}"
    })
    assert.equal(res.status, 404)
    await res.body?.cancel()
  })
})

test("buf curl: SayHello over gRPC (h2c), Connect and gRPC-Web (HTTP/1.1)", async () => {
  const fake = makeFakeInvoker()
  await withIngress(fake.invoker, {}, async ({ ingress }) => {
    const url = `${ingress.server.url}/spec.proto.runtime.v1.Runtime/SayHello`
    for (const protocol of ["grpc", "connect", "grpcweb"] as const) {
      const res = await bufCurl({ url, protocol, http2PriorKnowledge: protocol === "grpc", data: { name: protocol } })
      assert.equal(res.exitCode, 0, `${protocol}: ${res.stderr}`)
      assert.deepEqual(res.json, { hello: `greeting, ${protocol}` })
    }
  })
})

test("buf curl InvokeService: the call goes through; the untyped answer Any cannot be printed (Layotto's wire)", async () => {
  const fake = makeFakeInvoker()
  await withIngress(fake.invoker, {}, async ({ ingress }) => {
    const url = `${ingress.server.url}/spec.proto.runtime.v1.Runtime/InvokeService`
    const data = { id: "9", message: { method: "echo", data: { "@type": "type.googleapis.com/google.protobuf.StringValue", value: "curl" }, httpExtension: { verb: "PUT" } } }
    const res = await bufCurl({ url, protocol: "grpc", http2PriorKnowledge: true, data, headers: { "x-from": "buf" } })
    // Binary protocols keep Layotto's wire: the request Any.value (StringValue's encoding) goes upstream as is...
    assert.deepEqual([...fake.last().request.data], [...toBinary(StringValueSchema, create(StringValueSchema, { value: "curl" }))])
    assert.equal(fake.last().request.header["x-from"], "buf")
    assert.equal(fake.last().request.header["verb"], "PUT")
    // ...and the answer is an Any without type_url, which buf curl's JSON printer rejects.
    assert.notEqual(res.exitCode, 0)
    assert.match(res.stderr, /type_url is not set/)
  })
})

test("plain HTTP POST of Connect JSON (what curl sends) gets a typed JSON answer", async () => {
  const fake = makeFakeInvoker()
  await withIngress(fake.invoker, {}, async ({ ingress }) => {
    const res = await fetch(`${ingress.server.url}/spec.proto.runtime.v1.Runtime/InvokeService`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-trace": "t1" },
      body: JSON.stringify({ id: "9", message: { method: "echo", data: { "@type": "type.googleapis.com/google.protobuf.StringValue", value: "curl" } } })
    })
    assert.equal(res.status, 200)
    assert.equal(res.headers.get("x-echo-id"), "9")
    assert.deepEqual(await res.json(), {
      data: { "@type": "type.googleapis.com/google.protobuf.StringValue", value: "9:echo:curl" },
      contentType: "text/plain"
    })
    assert.equal(str(fake.last().request.data), "curl")
    assert.equal(fake.last().request.header["x-trace"], "t1")
  })
})

test("HTTPExtension verbs: NONE is sent as GET, PATCH as PATCH", async () => {
  const fake = makeFakeInvoker()
  await withIngress(fake.invoker, {}, async ({ clients }) => {
    await clients.grpc.invokeService({ id: "a", message: { method: "m", httpExtension: { verb: HTTPExtension_Verb.NONE } } })
    assert.equal(fake.last().request.header["verb"], "GET")
    assert.equal(fake.last().request.header["query_string"], undefined)
    await clients.connectH1.invokeService({ id: "a", message: { method: "m", httpExtension: { verb: HTTPExtension_Verb.PATCH, querystring: "x=1&y=2" } } })
    assert.equal(fake.last().request.header["verb"], "PATCH")
    assert.equal(fake.last().request.header["query_string"], "x=1&y=2")
  })
})
