// Unit tests: request header mapping, response header sanitising, verbs.
import { test } from "node:test"
import assert from "node:assert/strict"
import { HTTPExtension_Verb } from "@mosaic/proto"
import { copyResponseHeader, isDroppedRequestKey, requestHeaderFromHeaders, requestHeaderFromRaw } from "./metadata.ts"
import { applyHttpExtension, verbName } from "./verb.ts"

test("raw request headers: lower-case keys, repeats joined with ',', reserved and hop-by-hop dropped", () => {
  const header = requestHeaderFromRaw([
    ":method", "POST", ":path", "/x", ":authority", "a", "Content-Type", "application/grpc", "TE", "trailers",
    "grpc-timeout", "1S", "grpc-accept-encoding", "gzip", "User-Agent", "grpc-node", "X-Multi", "a", "x-multi", "b",
    "Connection", "keep-alive", "Host", "h", "connect-protocol-version", "1", "Accept-Encoding", "gzip",
    "rpc_request_timeout", "100", "X-Empty", ""
  ])
  assert.deepEqual(header, { "x-multi": "a,b", rpc_request_timeout: "100", "x-empty": "" })
})

test("Headers input (already joined) and key predicate", () => {
  const h = new Headers([["x-a", "1"], ["content-type", "application/json"], ["connect-timeout-ms", "5"]])
  assert.deepEqual(requestHeaderFromHeaders(h), { "x-a": "1" })
  for (const k of ["te", "grpc-status", "keep-alive", "transfer-encoding", "upgrade", "content-length", ":scheme"]) assert.ok(isDroppedRequestKey(k), k)
  for (const k of ["x-app", "rpc_target_address", "id", "verb"]) assert.ok(!isDroppedRequestKey(k), k)
})

test("response header copy skips owned, reserved and invalid entries and never throws", () => {
  const target = new Headers()
  const skipped = copyResponseHeader({
    "X-Ok": "1", "content-length": "5", "Transfer-Encoding": "chunked", "grpc-message": "no", "connect-x": "no",
    "x-crlf": "a\r\nb", "bad key": "v", "x-utf": "\u00e9\u4e2d", "x-latin1": "caf\u00e9", "x-tab": "a\tb", "x-pad": " p "
  }, target)
  assert.deepEqual([...target.entries()].sort(), [["x-latin1", "caf\u00e9"], ["x-ok", "1"], ["x-pad", "p"], ["x-tab", "a\tb"]])
  assert.deepEqual(skipped.sort(), ["bad key", "x-crlf", "x-utf"])
  assert.deepEqual(copyResponseHeader(undefined, target), [])
})

test("verbs: NONE and unknown numbers are GET; query_string only when not empty", () => {
  assert.equal(verbName(HTTPExtension_Verb.NONE), "GET")
  assert.equal(verbName(HTTPExtension_Verb.DELETE), "DELETE")
  assert.equal(verbName(42), "GET")
  const h: Record<string, string> = { verb: "client-sent" }
  applyHttpExtension(h, { verb: HTTPExtension_Verb.POST, querystring: "" } as never)
  assert.deepEqual(h, { verb: "POST" })
  applyHttpExtension(h, { verb: HTTPExtension_Verb.HEAD, querystring: "a=b" } as never)
  assert.deepEqual(h, { verb: "HEAD", query_string: "a=b" })
  const untouched: Record<string, string> = {}
  applyHttpExtension(untouched, undefined)
  assert.deepEqual(untouched, {})
})
