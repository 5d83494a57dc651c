// Tests: the bolt channel against a scripted peer (raw frames, status mapping, JSON invoke, deadlines).
import { test } from "node:test"
import assert from "node:assert/strict"
import { Code } from "@mosaic/kernel"
import type { RpcError } from "@mosaic/rpc"
import { type BoltFrame, CmdType, encodeResponse, RESPONSE_CLASS } from "@mosaic/protocol-bolt"
import { decodeSofaRequest, encodeSofaResponse } from "@mosaic/hessian2"
import { dec, enc, request, withPeer } from "./peer.fixture.ts"

const answerWith = (status: number, content: Uint8Array, headers: Record<string, string> = {}) => (f: BoltFrame) =>
  f.type === CmdType.ONEWAY ? undefined : encodeResponse({ protocol: f.protocol, ver1: f.ver1, switchFlags: f.switchFlags, requestId: f.requestId, status, className: RESPONSE_CLASS, headers, content })

test("raw: the frame is Layotto's (ext.class, all headers, remaining timeout, data as content); the content comes back", async () => {
  await withPeer(answerWith(0, enc("answer"), { h: "v" }), {}, async (ch, seen) => {
    const r = await ch.do(request({ header: { "x-a": "1", "x-b": "2,3" } }))
    assert.equal(dec(r.data), "answer")
    assert.deepEqual(r.header, { h: "v" })
    assert.equal(r.contentType, "")
    const f = seen[0]!
    assert.deepEqual([f.protocol, f.type, f.cmdCode, f.requestId, f.codec], [1, CmdType.REQUEST, 1, 1, 1])
    assert.equal(f.className, "com.alipay.sofa.rpc.core.request.SofaRequest")
    assert.deepEqual(Object.fromEntries(f.headers), { "x-a": "1", "x-b": "2,3" })
    assert.ok(f.timeout > 1500 && f.timeout <= 2000, `timeout ${f.timeout}`)
    assert.equal(dec(f.content), "raw")
    await ch.do(request())
    assert.equal(seen[1]!.requestId, 2)
  })
})

test("raw: rpc_request_type=oneway is a oneway frame answered at once; v2 frames carry the CRC when asked", async () => {
  await withPeer(answerWith(0, enc("x")), { version: 2, crc: true }, async (ch, seen) => {
    const r = await ch.do(request({ header: { rpc_request_type: "oneway", rpc_target_address: "" } }))
    assert.equal(r.data.length, 0)
    await ch.do(request())
    assert.deepEqual(seen.map((f) => [f.protocol, f.ver1, f.switchFlags, f.type]), [[2, 2, 1, CmdType.ONEWAY], [2, 2, 1, CmdType.REQUEST]])
    assert.deepEqual(Object.fromEntries(seen[0]!.headers), {})
  })
})

test("raw: statuses map as Layotto (9/17/18 INTERNAL, others UNAVAILABLE) with TIMEOUT as DEADLINE_EXCEEDED", async () => {
  const cases = [[9, Code.INTERNAL, "bolt error code 9, CODEC_EXCEPTION"], [17, Code.INTERNAL, "bolt error code 17, SERVER_SERIAL_EXCEPTION"],
    [18, Code.INTERNAL, "bolt error code 18, SERVER_DESERIAL_EXCEPTION"], [7, Code.DEADLINE_EXCEEDED, "bolt error code 7"],
    [2, Code.UNAVAILABLE, "bolt error code 2"], [4, Code.UNAVAILABLE, "bolt error code 4"]] as const
  await withPeer((f) => encodeResponse({ requestId: f.requestId, status: Number(dec(f.content)) }), {}, async (ch) => {
    for (const [status, code, message] of cases) {
      await assert.rejects(ch.do(request({ data: enc(String(status)) })), (e: RpcError) =>
        e.code === code && e.message === message && e.metadata?.["bolt-status"] === String(status))
    }
  })
})

test("json: the channel builds the SofaRequest (headers, arg sigs, dialect) and returns appResponse as JSON", async () => {
  const answer = answerWith(0, encodeSofaResponse({ appResponse: { $class: "long", $: 2n ** 60n + 1n }, responseProps: { p: "q" } }, { dialect: "2.0" }))
  await withPeer(answer, { dialect: "2.0" }, async (ch, seen) => {
    const r = await ch.do(request({
      contentType: "application/json", method: "ignored", header: { "x-trace": "t" },
      data: enc('{"method":"plus","argTypes":["int","java.lang.String[]"],"args":[1,["a"]],"requestProps":{"k":"v"}}')
    }))
    assert.equal(r.contentType, "application/json")
    assert.equal(dec(r.data), '"1152921504606846977"')
    assert.equal(r.header.p, "q")
    const f = seen[0]!
    assert.deepEqual(Object.fromEntries(f.headers), {
      "x-trace": "t", service: "com.example.EchoService:1.0", sofa_head_target_service: "com.example.EchoService:1.0", sofa_head_method_name: "plus"
    })
    assert.equal(f.content[0], 0x43)
    const sofa = decodeSofaRequest(f.content)
    assert.equal(sofa.methodName, "plus")
    assert.deepEqual(sofa.argSigs, ["int", "[Ljava.lang.String;"])
    assert.deepEqual(sofa.args, [1, ["a"]])
    assert.deepEqual(sofa.requestProps, { service: "com.example.EchoService:1.0", k: "v" })
  })
})

test("json: remote errors are UNKNOWN with the remote message; bad JSON is INVALID_ARGUMENT", async () => {
  await withPeer(answerWith(0, encodeSofaResponse({ isError: true, errorMsg: "kaboom" })), {}, async (ch) => {
    await assert.rejects(ch.do(request({ contentType: "application/json", data: enc('{"args":[]}') })), (e: RpcError) => e.code === Code.UNKNOWN && e.message === "kaboom")
    await assert.rejects(ch.do(request({ contentType: "application/json", data: enc("{") })), (e: RpcError) => e.code === Code.INVALID_ARGUMENT)
  })
  const exception = { $class: "java.lang.IllegalStateException", $: { detailMessage: "bad state", cause: null } }
  await withPeer(answerWith(0, encodeSofaResponse({ appResponse: exception })), {}, async (ch) => {
    await assert.rejects(ch.do(request({ contentType: "application/json", data: enc("[]") })), (e: RpcError) =>
      e.code === Code.UNKNOWN && e.message === "bad state" && e.metadata?.["remote-exception"] === "java.lang.IllegalStateException")
  })
  await withPeer(answerWith(18, new Uint8Array(0)), {}, async (ch) => {
    await assert.rejects(ch.do(request({ contentType: "application/json", data: enc("[]") })), (e: RpcError) => e.code === Code.INTERNAL && e.message === "bolt error code 18, SERVER_DESERIAL_EXCEPTION")
  })
})

test("deadline: DEADLINE_EXCEEDED at the deadline when the peer never answers", async () => {
  await withPeer(() => undefined, {}, async (ch) => {
    const t0 = Date.now()
    await assert.rejects(ch.do(request({}, 80)), (e: RpcError) => e.code === Code.DEADLINE_EXCEEDED && e.message === "request timeout")
    assert.ok(Date.now() - t0 >= 70)
    assert.equal(ch.stats().inFlight, 0)
  })
})
