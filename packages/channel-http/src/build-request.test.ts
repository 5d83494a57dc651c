import { test } from "node:test"
import assert from "node:assert/strict"
import type { RpcRequest } from "@mosaic/rpc"
import { buildHttpRequest } from "./build-request.ts"

const req = (over: Partial<RpcRequest>): RpcRequest => ({
  id: "foo", method: "bar", contentType: "", header: {}, data: new TextEncoder().encode("hello world"),
  timeoutMs: 3000, deadline: 0, signal: new AbortController().signal, ...over
})

test("Layotto's request shape: GET by default, leading slash, Host localhost, id header", () => {
  for (const method of ["bar", "/bar"]) {
    const b = buildHttpRequest(req({ method }))
    assert.equal(b.method, "GET")
    assert.equal(b.target, "/bar")
    assert.deepEqual(b.headers, ["Host", "localhost", "id", "foo"])
  }
})

test("verb and query_string are consumed; NONE means GET; other keys are forwarded", () => {
  const b = buildHttpRequest(req({ header: { verb: "POST", query_string: "a=1&b=2", "x-trace": "t1" } }))
  assert.equal(b.method, "POST")
  assert.equal(b.target, "/bar?a=1&b=2")
  assert.deepEqual(b.headers, ["Host", "localhost", "id", "foo", "x-trace", "t1"])
  assert.equal(buildHttpRequest(req({ header: { verb: "NONE" } })).method, "GET")
  const noQs = buildHttpRequest(req({ header: { query_string: "" } }))
  assert.equal(noQs.target, "/bar")
  assert.ok(!noQs.headers.includes("query_string"))
})

test("content_type wins over a header; a filter's content-type is used when content_type is empty", () => {
  const a = buildHttpRequest(req({ contentType: "text/plain", header: { "content-type": "application/json" } }))
  assert.deepEqual(a.headers.slice(4), ["content-type", "text/plain"])
  const b = buildHttpRequest(req({ header: { "content-type": "application/json" } }))
  assert.deepEqual(b.headers.slice(4), ["content-type", "application/json"])
})

test("control keys are not sent upstream", () => {
  const b = buildHttpRequest(req({ header: { rpc_target_address: "127.0.0.1:1", rpc_request_type: "oneway", keep: "1" } }))
  assert.deepEqual(b.headers.slice(4), ["keep", "1"])
})

const T = "4bf92f3577b34da6a3ce929d0e0e4736"
const S = "00f067aa0ba902b7"
const pairs = (h: Array<string>) => Object.fromEntries(Array.from({ length: h.length / 2 }, (_, i) => [h[2 * i], h[2 * i + 1]]))

test("trace: a traceparent is forwarded as it is; b3 or gRPC-lower-cased SOFA keys add one", () => {
  const kept = buildHttpRequest(req({ header: { traceparent: `00-${T}-${S}-01`, tracestate: "a=b" } }))
  assert.deepEqual(kept.headers.slice(4), ["traceparent", `00-${T}-${S}-01`, "tracestate", "a=b"])
  const fromB3 = pairs(buildHttpRequest(req({ header: { b3: `${T}-${S}-0` } })).headers)
  assert.equal(fromB3.traceparent, `00-${T}-${S}-00`)
  assert.equal(fromB3.b3, `${T}-${S}-0`)
  const fromSofa = pairs(buildHttpRequest(req({ header: { "rpc_trace_context.sofatraceid": "0ad1348f1403169275002100356696", "rpc_trace_context.sofapenattrs": "uid=7&" } })).headers)
  assert.match(fromSofa.traceparent!, /^00-000ad1348f1403169275002100356696-[0-9a-f]{16}-01$/)
  assert.equal(fromSofa["rpc-persist-uid"], "7")
})

test("trace: nothing added without a trace unless generateTrace; no deadline header unless configured", () => {
  const deadline = Date.now() + 2000
  assert.deepEqual(buildHttpRequest(req({ deadline })).headers, ["Host", "localhost", "id", "foo"])
  const made = pairs(buildHttpRequest(req({ deadline }), { generateTrace: true }).headers)
  assert.match(made.traceparent!, /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/)
  const timed = pairs(buildHttpRequest(req({ deadline }), { deadlineHeader: "X-Timeout-Ms" }).headers)
  assert.ok(Number(timed["x-timeout-ms"]) > 1500 && Number(timed["x-timeout-ms"]) <= 2000, timed["x-timeout-ms"])
})
