// Tests: trace keys in Bolt requests (SOFA tracer keys from traceparent/b3/SOFA metadata, generation, JSON requestProps).
import { test } from "node:test"
import assert from "node:assert/strict"
import { type BoltFrame, CmdType, encodeResponse, RESPONSE_CLASS } from "@mosaic/protocol-bolt"
import { decodeSofaRequest, encodeSofaResponse } from "@mosaic/hessian2"
import { enc, request, withPeer } from "./peer.fixture.ts"
import { traceProps } from "./request-common.ts"

const T = "4bf92f3577b34da6a3ce929d0e0e4736"
const S = "00f067aa0ba902b7"
const SOFA_ID = "0ad1348f1403169275002100356696"
const ok = (f: BoltFrame) => f.type === CmdType.ONEWAY ? undefined : encodeResponse({ requestId: f.requestId, status: 0, className: RESPONSE_CLASS, content: enc("ok") })

test("raw: a traceparent gives sofaTraceId (its 32 digits) and sofaRpcId 0; headers still forwarded; timeout within the deadline", async () => {
  await withPeer(ok, {}, async (ch, seen) => {
    await ch.do(request({ header: { traceparent: `00-${T}-${S}-01`, "rpc-persist-user-id": "42", "x-a": "1" } }, 1500))
    const h = Object.fromEntries(seen[0]!.headers)
    assert.deepEqual(h, {
      traceparent: `00-${T}-${S}-01`, "rpc-persist-user-id": "42", "x-a": "1",
      "rpc_trace_context.sofaTraceId": T, "rpc_trace_context.sofaRpcId": "0", "rpc_trace_context.sofaPenAttrs": "USER_ID=42&"
    })
    assert.ok(seen[0]!.timeout > 1000 && seen[0]!.timeout <= 1500, `timeout ${seen[0]!.timeout}`)
  })
})

test("raw: SOFA keys lower-cased by gRPC come out in SOFA's case with the app's values; exact keys are left alone", async () => {
  await withPeer(ok, {}, async (ch, seen) => {
    await ch.do(request({ header: { "rpc_trace_context.sofatraceid": SOFA_ID, "rpc_trace_context.sofarpcid": "0.2" } }))
    const h = seen[0]!.headers
    assert.equal(h.get("rpc_trace_context.sofaTraceId"), SOFA_ID)
    assert.equal(h.get("rpc_trace_context.sofaRpcId"), "0.2")
    assert.match(h.get("traceparent") ?? "", new RegExp(`^00-00${SOFA_ID}-[0-9a-f]{16}-01$`))
    await ch.do(request({ header: { "rpc_trace_context.sofaTraceId": "kept", traceparent: `00-${T}-${S}-01` } }))
    assert.equal(seen[1]!.headers.get("rpc_trace_context.sofaTraceId"), "kept")
    assert.equal(seen[1]!.headers.get("rpc_trace_context.sofaRpcId"), undefined)
  })
})

test("raw: b3 in, SOFA and W3C out; no trace and no generate means no trace keys; generate makes one", async () => {
  await withPeer(ok, {}, async (ch, seen) => {
    await ch.do(request({ header: { b3: `${T}-${S}-0` } }))
    assert.equal(seen[0]!.headers.get("rpc_trace_context.sofaTraceId"), T)
    assert.equal(seen[0]!.headers.get("traceparent"), `00-${T}-${S}-00`)
    await ch.do(request({ header: { "x-a": "1" } }))
    assert.deepEqual(Object.fromEntries(seen[1]!.headers), { "x-a": "1" })
  })
  await withPeer(ok, { trace: { generate: true } }, async (ch, seen) => {
    await ch.do(request())
    const id = seen[0]!.headers.get("rpc_trace_context.sofaTraceId") ?? ""
    assert.match(id, /^[0-9a-f]{32}$/)
    assert.match(seen[0]!.headers.get("traceparent") ?? "", new RegExp(`^00-${id}-[0-9a-f]{16}-01$`))
  })
})

test("json: the SofaRequest's requestProps carry the trace keys in SOFA's tree form (rpc_trace_context)", async () => {
  const answer = (f: BoltFrame) => encodeResponse({ requestId: f.requestId, status: 0, className: RESPONSE_CLASS, content: encodeSofaResponse({ appResponse: "x" }) })
  await withPeer(answer, {}, async (ch, seen) => {
    await ch.do(request({
      contentType: "application/json", header: { traceparent: `00-${T}-${S}-01`, "rpc-persist-uid": "7" },
      data: enc('{"method":"echo","args":["a"],"requestProps":{"k":"v"}}')
    }))
    const req = decodeSofaRequest(seen[0]!.content)
    assert.deepEqual(req.requestProps, {
      service: "com.example.EchoService:1.0",
      rpc_trace_context: { sofaTraceId: T, sofaRpcId: "0", sofaPenAttrs: "UID=7&" },
      k: "v"
    })
  })
})

test("traceProps: only keys under rpc_trace_context., nothing when there are none", () => {
  assert.deepEqual(traceProps(new Map([["rpc_trace_context.sofaTraceId", "t"], ["rpc_trace_context.", "x"], ["other", "o"]])), { rpc_trace_context: { sofaTraceId: "t" } })
  assert.deepEqual(traceProps(new Map([["other", "o"]])), {})
})
