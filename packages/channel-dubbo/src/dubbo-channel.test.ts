// Tests: the dubbo channel against a scripted peer (raw frames, status mapping, JSON invoke, deadlines).
import { test } from "node:test"
import assert from "node:assert/strict"
import { Code } from "@mosaic/kernel"
import type { RpcError } from "@mosaic/rpc"
import { buildErrorResponse, type DubboFrame, encodeRequest, encodeResponse, encodeHeartbeat } from "@mosaic/protocol-dubbo"
import { decodeDubboRequestBody, encodeDubboRequestBody, encodeDubboResponseBody } from "@mosaic/hessian2"
import { dec, enc, request, withPeer } from "./peer.fixture.ts"

const reply = (body: Uint8Array) => (f: DubboFrame) => f.twoWay ? encodeResponse({ requestId: f.requestId, body }) : undefined
const frame = encodeRequest({ requestId: 99, body: encodeDubboRequestBody({ dubboVersion: "2.0.2", path: "a.B", version: "1.0.0", method: "m", args: ["x"], attachments: { path: "a.B" } }) })

test("raw: the whole frame goes out with only its id rewritten; the response body comes back", async () => {
  await withPeer(reply(encodeDubboResponseBody({ value: "ok" })), {}, async (ch, seen) => {
    const r = await ch.do(request({ contentType: "", header: { "x-not-inserted": "1" }, data: frame }))
    assert.deepEqual([...r.data], [...encodeDubboResponseBody({ value: "ok" })])
    assert.equal(seen[0]!.requestId, 1)
    assert.deepEqual([...seen[0]!.body], [...frame.subarray(16)])
    assert.equal(frame[11], 99)
    const oneway = await ch.do(request({ contentType: "", header: { rpc_request_type: "oneway" }, data: frame }))
    assert.equal(oneway.data.length, 0)
    await ch.do(request({ contentType: "", data: frame }))
    assert.deepEqual(seen.map((f) => [f.requestId, f.twoWay]), [[1, true], [2, false], [3, true]])
    for (const data of [enc("not a frame"), encodeHeartbeat(1)]) {
      await assert.rejects(ch.do(request({ contentType: "", data })), (e: RpcError) => e.code === Code.INVALID_ARGUMENT)
    }
  })
})

test("statuses map to gRPC codes with the server's hessian string in the message", async () => {
  const cases = [[30, Code.DEADLINE_EXCEEDED], [31, Code.DEADLINE_EXCEEDED], [40, Code.INTERNAL], [50, Code.INTERNAL], [60, Code.NOT_FOUND],
    [70, Code.UNKNOWN], [80, Code.UNKNOWN], [90, Code.UNAVAILABLE], [100, Code.RESOURCE_EXHAUSTED], [77, Code.UNAVAILABLE]] as const
  let i = 0
  await withPeer((f) => buildErrorResponse(f, cases[i++]![0], "why"), {}, async (ch) => {
    for (const [status, code] of cases) {
      await assert.rejects(ch.do(request({ contentType: "", data: frame })), (e: RpcError) =>
        e.code === code && e.message.startsWith(`dubbo error code ${status}, `) && e.message.endsWith(": why") && e.metadata?.["dubbo-status"] === String(status))
    }
  })
})

test("json: the body is built from the call, the id and the headers; values, nulls and attachments come back", async () => {
  let n = 0
  const bodies = [encodeDubboResponseBody({ value: { $class: "org.apache.dubbo.samples.User", $: { id: "113", age: 30 } }, attachments: { dubbo: "2.0.2" } }), encodeDubboResponseBody({}), encodeDubboResponseBody({ value: 5 })]
  await withPeer((f) => encodeResponse({ requestId: f.requestId, body: bodies[n++]! }), {}, async (ch, seen) => {
    const r = await ch.do(request({
      id: "grp/org.apache.dubbo.samples.UserProvider:1.0.0", header: { "x-h": "v" },
      data: enc('{"method":"GetUser","argTypes":["java.lang.String"],"args":["A003"],"attachments":{"k":"v"}}')
    }))
    assert.equal(dec(r.data), '{"id":"113","age":30}')
    assert.equal(r.contentType, "application/json")
    assert.equal(r.header.dubbo, "2.0.2")
    const b = decodeDubboRequestBody(seen[0]!.body)
    assert.deepEqual([b.dubboVersion, b.path, b.version, b.method, b.descriptor, b.args], ["2.0.2", "org.apache.dubbo.samples.UserProvider", "1.0.0", "GetUser", "Ljava/lang/String;", ["A003"]])
    const { timeout, ...rest } = b.attachments
    assert.ok(Number(timeout) > 1000)
    assert.deepEqual(rest, { "x-h": "v", k: "v", path: "org.apache.dubbo.samples.UserProvider", interface: "org.apache.dubbo.samples.UserProvider", version: "1.0.0", group: "grp" })
    assert.equal(dec((await ch.do(request({ data: enc('{"version":"2","args":[1]}') }))).data), "null")
    assert.deepEqual([decodeDubboRequestBody(seen[1]!.body).version, decodeDubboRequestBody(seen[1]!.body).descriptor], ["2", "I"])
    assert.equal(dec((await ch.do(request())).data), "5")
  })
})

test("json: an exception result is UNKNOWN with the remote message; a deadline is DEADLINE_EXCEEDED", async () => {
  const ex = { $class: "java.lang.IllegalArgumentException", $: { detailMessage: "invalid user id: zz", cause: null } }
  await withPeer(reply(encodeDubboResponseBody({ exception: ex, attachments: {} })), {}, async (ch) => {
    await assert.rejects(ch.do(request({ data: enc('["zz"]') })), (e: RpcError) =>
      e.code === Code.UNKNOWN && e.message === "invalid user id: zz" && e.metadata?.["remote-exception"] === "java.lang.IllegalArgumentException")
  })
  await withPeer(() => undefined, {}, async (ch) => {
    await assert.rejects(ch.do(request({}, 60)), (e: RpcError) => e.code === Code.DEADLINE_EXCEEDED)
    assert.equal(ch.stats().inFlight, 0)
  })
})
