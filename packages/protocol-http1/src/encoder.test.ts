// Tests: encoders' golden bytes, framing headers, hop-by-hop dropping, invalid fields, re-encoding decoded messages.
import { test } from "node:test"
import assert from "node:assert/strict"
import { createRequestDecoder, createResponseDecoder } from "./decoders.ts"
import { encodeRequest, encodeResponse } from "./encoder.ts"
import { Http1Error } from "./errors.ts"
import type { Http1Request, Http1Response } from "./types.ts"

const te = new TextEncoder()
const td = new TextDecoder()

test("encodeRequest writes Layotto's expected HTTP channel request", () => {
  const out = encodeRequest({ method: "GET", target: "/bar", headers: ["Host", "localhost", "Id", "foo"], body: te.encode("hello world") })
  assert.equal(td.decode(out), "GET /bar HTTP/1.1\r\nHost: localhost\r\nId: foo\r\nContent-Length: 11\r\n\r\nhello world")
})

test("encodeRequest: no Content-Length without a body; HTTP/1.0; explicit length", () => {
  assert.equal(td.decode(encodeRequest({ method: "GET", target: "/", headers: ["Host", "h"] })), "GET / HTTP/1.1\r\nHost: h\r\n\r\n")
  assert.equal(td.decode(encodeRequest({ method: "GET", target: "/", versionMinor: 0 })), "GET / HTTP/1.0\r\n\r\n")
  assert.equal(td.decode(encodeRequest({ method: "POST", target: "/", body: new Uint8Array(0) })), "POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
})

test("encoders drop framing headers always and hop-by-hop headers on request", () => {
  const headers = ["Host", "h", "Connection", "keep-alive, X-Secret", "Keep-Alive", "timeout=5", "X-Secret", "s", "TE", "trailers",
    "Transfer-Encoding", "chunked", "Content-Length", "99", "Proxy-Authorization", "p", "Upgrade", "h2c", "Trailer", "x", "X-Keep", "k"]
  const plain = td.decode(encodeRequest({ method: "POST", target: "/", headers, body: te.encode("ab") }))
  assert.ok(!plain.includes("chunked") && !plain.includes("99"))
  assert.ok(plain.includes("Connection: keep-alive, X-Secret\r\n"))
  const dropped = td.decode(encodeRequest({ method: "POST", target: "/", headers, body: te.encode("ab") }, { dropHopByHop: true }))
  assert.equal(dropped, "POST / HTTP/1.1\r\nHost: h\r\nX-Keep: k\r\nContent-Length: 2\r\n\r\nab")
})

test("encodeResponse: reason phrases, bodyless statuses, extra headers, explicit length", () => {
  assert.equal(td.decode(encodeResponse({ status: 200, body: te.encode("hi") })), "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi")
  assert.equal(td.decode(encodeResponse({ status: 404 })), "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
  assert.equal(td.decode(encodeResponse({ status: 204, body: te.encode("x") })), "HTTP/1.1 204 No Content\r\n\r\n")
  assert.equal(td.decode(encodeResponse({ status: 304 })), "HTTP/1.1 304 Not Modified\r\n\r\n")
  assert.equal(
    td.decode(encodeResponse({ status: 599, reason: "Odd", versionMinor: 0 }, { extraHeaders: ["Connection", "close"] })),
    "HTTP/1.0 599 Odd\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
  )
  assert.equal(
    td.decode(encodeResponse({ status: 200, headers: ["Content-Length", "5"] }, { contentLength: 5 })),
    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"
  )
  assert.equal(td.decode(encodeResponse({ status: 200 }, { contentLength: null })), "HTTP/1.1 200 OK\r\n\r\n")
})

test("encoders reject fields that would break the framing", () => {
  const bad = (fn: () => unknown) => assert.throws(fn, (e: unknown) => e instanceof Http1Error && e.reason === "InvalidField")
  bad(() => encodeRequest({ method: "GET", target: "/", headers: ["X", "a\r\nInjected: 1"] }))
  bad(() => encodeRequest({ method: "GET", target: "/", headers: ["X Y", "a"] }))
  bad(() => encodeRequest({ method: "GET", target: "/", headers: ["X", "\u0100"] }))
  bad(() => encodeRequest({ method: "G T", target: "/" }))
  bad(() => encodeRequest({ method: "GET", target: "/a b" }))
  bad(() => encodeRequest({ method: "GET", target: "" }))
  bad(() => encodeResponse({ status: 42 }))
  bad(() => encodeResponse({ status: 200, reason: "a\nb" }))
})

test("decoded messages re-encode to equivalent messages (forwarding)", () => {
  const reqs: Array<Http1Request> = []
  createRequestDecoder({ onRequest: (r) => void reqs.push(r) })
    .push(te.encode("PUT /x?y HTTP/1.1\r\nHost: h\r\nX-E: v\xe9\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n"))
  const again: Array<Http1Request> = []
  createRequestDecoder({ onRequest: (r) => void again.push(r) }).push(encodeRequest(reqs[0]!, { dropHopByHop: true }))
  assert.equal(again[0]!.method, "PUT")
  assert.equal(again[0]!.target, "/x?y")
  assert.deepEqual(again[0]!.headers, ["Host", "h", "X-E", "v\u00c3\u00a9", "Content-Length", "2"])
  assert.equal(td.decode(again[0]!.body), "ab")
  const res: Array<Http1Response> = []
  const rd = createResponseDecoder({ onResponse: (r) => void res.push(r) })
  rd.push(encodeResponse({ status: 201, reason: "Made", headers: ["A", "1", "a", "2"], body: te.encode("body") }))
  assert.deepEqual([res[0]!.status, res[0]!.reason, res[0]!.headers, td.decode(res[0]!.body)], [201, "Made", ["A", "1", "a", "2", "Content-Length", "4"], "body"])
})
