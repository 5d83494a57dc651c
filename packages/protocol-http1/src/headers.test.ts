// Tests: header list helpers (lookups, tokens, hop-by-hop names, conversions).
import { test } from "node:test"
import assert from "node:assert/strict"
import { flatHeaders, getHeader, getHeaders, hasHeader, hasHeaderToken, headerNameEquals, headerPairs, isHopByHop } from "./headers.ts"

const h = ["Host", "a", "X-Multi", "1", "x-multi", "2", "Connection", " keep-alive ,Upgrade"]

test("lookups are case-insensitive and keep order", () => {
  assert.equal(getHeader(h, "host"), "a")
  assert.equal(getHeader(h, "HOST"), "a")
  assert.equal(getHeader(h, "missing"), undefined)
  assert.deepEqual(getHeaders(h, "x-multi"), ["1", "2"])
  assert.equal(hasHeader(h, "X-MULTI"), true)
  assert.equal(headerNameEquals("Content-Length", "content-length"), true)
  assert.equal(headerNameEquals("Content-Lengtx", "content-length"), false)
})

test("token lists", () => {
  assert.equal(hasHeaderToken(h, "connection", "upgrade"), true)
  assert.equal(hasHeaderToken(h, "connection", "keep-alive"), true)
  assert.equal(hasHeaderToken(h, "connection", "close"), false)
  assert.equal(hasHeaderToken(h, "connection", "keep"), false)
})

test("hop-by-hop names", () => {
  for (const n of ["Connection", "keep-alive", "Proxy-Authorization", "proxy-connection", "TE", "Trailer", "Transfer-Encoding", "UPGRADE"]) {
    assert.equal(isHopByHop(n), true, n)
  }
  for (const n of ["Host", "Content-Length", "Proxy", "Trailers", "X-Upgrade"]) assert.equal(isHopByHop(n), false, n)
})

test("conversions", () => {
  assert.deepEqual(flatHeaders({ a: "1", b: ["2", "3"] }), ["a", "1", "b", "2", "b", "3"])
  assert.deepEqual(flatHeaders([["a", "1"], ["a", "2"]]), ["a", "1", "a", "2"])
  assert.deepEqual(headerPairs(["a", "1", "b", "2"]), [["a", "1"], ["b", "2"]])
})
