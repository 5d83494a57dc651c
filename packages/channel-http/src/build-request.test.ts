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
