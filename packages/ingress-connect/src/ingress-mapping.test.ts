// End to end: request metadata -> RpcRequest header, deadlines, errors -> status codes, response headers -> metadata.
import { test } from "node:test"
import assert from "node:assert/strict"
import { create, fromBinary } from "@bufbuild/protobuf"
import { type Any, AnySchema, StringValueSchema } from "@bufbuild/protobuf/wkt"
import { Code as ConnectCode, ConnectError } from "@connectrpc/connect"
import { Code } from "@mosaic/kernel"
import { RpcError } from "@mosaic/rpc"
import { grpcJsInvoke, makeFakeInvoker, untilAborted, withIngress } from "../../../test/support/index.ts"

/** The answer's payload as text, unwrapping the StringValue that JSON clients get. */
const payloadText = (any: Any | undefined) =>
  any?.typeUrl.endsWith("google.protobuf.StringValue") === true
    ? fromBinary(StringValueSchema, any.value).value
    : new TextDecoder().decode(any?.value)

const dropped = [
  "content-type", "te", "user-agent", "host", ":authority", ":path", ":method", "content-length", "connection",
  "keep-alive", "transfer-encoding", "upgrade", "accept-encoding", "content-encoding"
]
const assertNoReservedKeys = (header: Record<string, string>, label: string) => {
  for (const k of Object.keys(header)) {
    assert.ok(!dropped.includes(k), `${label}: ${k} must be dropped`)
    assert.ok(!k.startsWith("grpc-") && !k.startsWith("connect-") && !k.startsWith(":"), `${label}: ${k} must be dropped`)
  }
}

test("request metadata: custom keys kept lower-cased, reserved and hop-by-hop keys dropped (every protocol)", async () => {
  const fake = makeFakeInvoker()
  await withIngress(fake.invoker, {}, async ({ clients }) => {
    for (const [name, client] of clients.connect) {
      const headers = new Headers({ "X-Custom": "v1", rpc_request_timeout: "500", "x-app-bin": "AAEC" })
      await client.invokeService({ id: "s", message: { method: "m" } }, { headers, timeoutMs: 5000 })
      const header = fake.last().request.header
      assert.equal(header["x-custom"], "v1", name)
      assert.equal(header["rpc_request_timeout"], "500", name)
      assert.equal(header["x-app-bin"], "AAEC", name)
      assertNoReservedKeys(header, name)
    }
  })
})

test("request metadata from grpc-js: repeated keys joined with ','; grpc-* keys dropped", async () => {
  const fake = makeFakeInvoker()
  await withIngress(fake.invoker, {}, async ({ clients }) => {
    await grpcJsInvoke(clients.grpcJs, { id: "s", message: { method: "m" } }, {
      metadata: { "x-multi": ["a", "b"], "x-one": "1", rpc_target_address: "127.0.0.1:8080" },
      timeoutMs: 5000
    })
    const header = fake.last().request.header
    assert.equal(header["x-multi"], "a,b")
    assert.equal(header["x-one"], "1")
    assert.equal(header["rpc_target_address"], "127.0.0.1:8080")
    assertNoReservedKeys(header, "grpc-js")
  })
})

test("the client's deadline reaches the invoker as clientDeadline; no deadline, none passed", async () => {
  const fake = makeFakeInvoker()
  await withIngress(fake.invoker, {}, async ({ clients }) => {
    for (const [name, client] of [["grpc", clients.grpc], ["connect/http1.1", clients.connectH1], ["grpc-web/http1.1", clients.grpcWebH1]] as const) {
      const sent = Date.now()
      await client.invokeService({ id: "s" }, { timeoutMs: 2000 })
      const { options } = fake.last()
      assert.ok(options?.clientDeadline !== undefined, name)
      assert.ok(Math.abs(options.clientDeadline - (sent + 2000)) < 500, `${name}: ${options.clientDeadline - sent}`)
      assert.ok(options.signal instanceof AbortSignal, name)
      await client.invokeService({ id: "s" })
      assert.equal(fake.last().options?.clientDeadline, undefined, name)
    }
    const sent = Date.now()
    await grpcJsInvoke(clients.grpcJs, { id: "s" }, { timeoutMs: 1500 })
    const deadline = fake.last().options?.clientDeadline ?? 0
    assert.ok(Math.abs(deadline - (sent + 1500)) < 500, `grpc-js: ${deadline - sent}`)
  })
})

test("a client deadline that passes: DEADLINE_EXCEEDED, and the invoker's signal aborts", async () => {
  const fake = makeFakeInvoker((_req, options) => untilAborted(options?.signal))
  await withIngress(fake.invoker, {}, async ({ clients }) => {
    const err = await clients.grpc.invokeService({ id: "slow" }, { timeoutMs: 150 }).then(() => undefined, (e: unknown) => ConnectError.from(e))
    assert.equal(err?.code, ConnectCode.DeadlineExceeded)
    const signal = fake.last().options?.signal
    for (let i = 0; i < 100 && signal?.aborted !== true; i++) await new Promise((r) => setTimeout(r, 10))
    assert.equal(signal?.aborted, true)
  })
})

test("RpcError -> the same status code, message and metadata; other errors -> UNKNOWN", async () => {
  const fake = makeFakeInvoker()
  await withIngress(fake.invoker, {}, async ({ clients }) => {
    const cases = [
      [RpcError.of(Code.NOT_FOUND, "no such service: HelloService:9.9", { "x-upstream-status": "404" }), ConnectCode.NotFound],
      [RpcError.of(Code.DEADLINE_EXCEEDED, "request timeout"), ConnectCode.DeadlineExceeded],
      [RpcError.of(Code.UNAVAILABLE, "http response code 503"), ConnectCode.Unavailable],
      [RpcError.of(Code.INTERNAL, "bolt error code 17, SERVER_DESERIAL_EXCEPTION"), ConnectCode.Internal]
    ] as const
    for (const [error, code] of cases) {
      fake.answer(() => { throw error })
      for (const [name, client] of clients.connect) {
        const err = await client.invokeService({ id: "s" }).then(() => undefined, (e: unknown) => ConnectError.from(e))
        assert.equal(err?.code, code, name)
        assert.equal(err?.rawMessage, error.message, name)
        if (error.metadata !== undefined) assert.equal(err?.metadata.get("x-upstream-status"), "404", name)
      }
      const viaGrpcJs = await grpcJsInvoke(clients.grpcJs, { id: "s" }).then(() => undefined, (e: any) => e)
      assert.equal(viaGrpcJs?.code, error.code)
      // connect-node percent-encodes grpc-message with encodeURIComponent; grpc-js decodes with
      // decodeURI, which leaves reserved characters such as ":" encoded.
      assert.equal(decodeURIComponent(viaGrpcJs?.details), error.message)
    }
    fake.answer(() => { throw new Error("invoker not init") })
    const err = await clients.grpc.invokeService({ id: "s" }).then(() => undefined, (e: unknown) => ConnectError.from(e))
    assert.equal(err?.code, ConnectCode.Unknown)
    assert.equal(err?.rawMessage, "invoker not init")
  })
})

test("response headers become response metadata; content-length, hop-by-hop and invalid entries are skipped safely", async () => {
  const fake = makeFakeInvoker((req) => ({
    header: {
      "X-Upstream": "yes",
      "content-length": "999",
      "connection": "keep-alive",
      "transfer-encoding": "chunked",
      "content-type": "text/html",
      "grpc-status": "13",
      "x-bad-value": "a\r\nb",
      "bad name": "x",
      "x-nul": "a\u0000b",
      "x-wide": "\u4e2d",
      "x-padded": "  trimmed  "
    },
    contentType: "text/html",
    data: new TextEncoder().encode(req.id)
  }))
  await withIngress(fake.invoker, {}, async ({ clients }) => {
    for (const [name, client] of clients.connect) {
      let header: Headers | undefined
      const res = await client.invokeService({ id: "hdr" }, { onHeader: (h) => void (header = h) })
      assert.equal(payloadText(res.data), "hdr", name)
      assert.equal(res.contentType, "text/html", name)
      assert.equal(header?.get("x-upstream"), "yes", name)
      assert.equal(header?.get("x-padded"), "trimmed", name)
      assert.notEqual(header?.get("content-length"), "999", name)
      assert.notEqual(header?.get("content-type"), "text/html", name)
      for (const k of ["x-bad-value", "x-nul", "x-wide", "grpc-status"]) {
        assert.equal(header?.get(k) ?? null, name.startsWith("grpc/") && k === "grpc-status" ? header?.get(k) ?? null : null, `${name}: ${k}`)
      }
      assert.equal([...(header?.keys() ?? [])].some((k) => k.includes(" ")), false, name)
    }
    const viaGrpcJs = await grpcJsInvoke(clients.grpcJs, { id: "hdr" })
    assert.equal(viaGrpcJs.headers["x-upstream"], "yes")
    assert.equal(viaGrpcJs.headers["content-length"], undefined)
    assert.equal(viaGrpcJs.headers["x-bad-value"], undefined)
  })
})

test("max_body_bytes: a larger request is RESOURCE_EXHAUSTED and never reaches the invoker", async () => {
  const fake = makeFakeInvoker()
  await withIngress(fake.invoker, { max_body_bytes: 1024 }, async ({ clients }) => {
    const data = create(AnySchema, { typeUrl: "", value: new Uint8Array(4096) })
    for (const [name, client] of [["grpc", clients.grpc], ["connect/http1.1", clients.connectH1]] as const) {
      const err = await client.invokeService({ id: "big", message: { data } }).then(() => undefined, (e: unknown) => ConnectError.from(e))
      assert.equal(err?.code, ConnectCode.ResourceExhausted, name)
    }
    assert.equal(fake.calls.length, 0)
    await clients.grpc.invokeService({ id: "small", message: { data: create(AnySchema, { typeUrl: "", value: new Uint8Array(100) }) } })
    assert.equal(fake.calls.length, 1)
  })
})
