// Tests: JSON-mode trace attachments (traceparent/tracestate from W3C, B3 or SOFA metadata, generation) and timeout.
import { test } from "node:test"
import assert from "node:assert/strict"
import { type DubboFrame, encodeResponse } from "@mosaic/protocol-dubbo"
import { decodeDubboRequestBody, encodeDubboResponseBody } from "@mosaic/hessian2"
import { enc, request, withPeer } from "./peer.fixture.ts"

const T = "4bf92f3577b34da6a3ce929d0e0e4736"
const S = "00f067aa0ba902b7"
const ok = (f: DubboFrame) => encodeResponse({ requestId: f.requestId, body: encodeDubboResponseBody({ value: 1 }) })
const attachmentsOf = (f: DubboFrame) => decodeDubboRequestBody(f.body).attachments as Record<string, string>

test("traceparent and tracestate go through; persistent keys stay in rpc-persist- form; timeout is the remaining ms", async () => {
  await withPeer(ok, {}, async (ch, seen) => {
    await ch.do(request({ header: { traceparent: `00-${T}-${S}-01`, tracestate: "rojo=1", "rpc-persist-user-id": "42" } }, 1500))
    const a = attachmentsOf(seen[0]!)
    assert.equal(a.traceparent, `00-${T}-${S}-01`)
    assert.equal(a.tracestate, "rojo=1")
    assert.equal(a["rpc-persist-user-id"], "42")
    assert.ok(Number(a.timeout) > 1000 && Number(a.timeout) <= 1500, a.timeout)
  })
})

test("b3 or gRPC-lower-cased SOFA keys become a traceparent; the body's own attachments still win", async () => {
  await withPeer(ok, {}, async (ch, seen) => {
    await ch.do(request({ header: { b3: `${T}-${S}-1` } }))
    assert.equal(attachmentsOf(seen[0]!).traceparent, `00-${T}-${S}-01`)
    await ch.do(request({ header: { "rpc_trace_context.sofatraceid": "0ad1348f1403169275002100356696" } }))
    assert.match(attachmentsOf(seen[1]!).traceparent ?? "", /^00-000ad1348f1403169275002100356696-[0-9a-f]{16}-01$/)
    await ch.do(request({ header: { b3: `${T}-${S}-1` }, data: enc('{"attachments":{"traceparent":"mine"}}') }))
    assert.equal(attachmentsOf(seen[2]!).traceparent, "mine")
  })
})

test("no trace: nothing added unless trace.generate is on", async () => {
  await withPeer(ok, {}, async (ch, seen) => {
    await ch.do(request())
    assert.equal(attachmentsOf(seen[0]!).traceparent, undefined)
  })
  await withPeer(ok, { trace: { generate: true } }, async (ch, seen) => {
    await ch.do(request())
    assert.match(attachmentsOf(seen[0]!).traceparent ?? "", /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/)
  })
})
