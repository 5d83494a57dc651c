// Tests: request/response decoders split at every byte, pipelining, chunked, keep-alive, limits, bad input.
import { test } from "node:test"
import assert from "node:assert/strict"
import { createRequestDecoder, createResponseDecoder } from "./decoders.ts"
import { Http1Error } from "./errors.ts"
import type { Http1Limits } from "./limits.ts"
import type { Http1Request, Http1Response } from "./types.ts"

const te = new TextEncoder()
const td = new TextDecoder()
const bytes = (s: string) => te.encode(s)

const decodeRequests = (chunks: ReadonlyArray<Uint8Array>, limits?: Partial<Http1Limits>) => {
  const out: Array<Http1Request> = []
  const d = createRequestDecoder({ onRequest: (r) => void out.push(r), limits })
  for (const c of chunks) d.push(c)
  d.end()
  return out
}

const decodeResponses = (chunks: ReadonlyArray<Uint8Array>, methods: ReadonlyArray<string> = []) => {
  const out: Array<Http1Response> = []
  const d = createResponseDecoder({ onResponse: (r) => void out.push(r) })
  for (const m of methods) d.expect(m)
  for (const c of chunks) d.push(c)
  d.end()
  return out
}

const simple = (r: Http1Request) => ({ method: r.method, target: r.target, headers: r.headers, body: td.decode(r.body), keepAlive: r.keepAlive })
const simpleRes = (r: Http1Response) => ({ status: r.status, reason: r.reason, headers: r.headers, body: td.decode(r.body), keepAlive: r.keepAlive })

/** Decode `text` whole, then split in two at every offset, then one byte at a time; all must agree. */
const everySplit = <T>(text: string, decode: (chunks: Array<Uint8Array>) => Array<T>): Array<T> => {
  const all = bytes(text)
  const whole = decode([all])
  for (let i = 1; i < all.length; i++) {
    assert.deepEqual(decode([all.slice(0, i), all.slice(i)]), whole, `split at ${i}`)
  }
  assert.deepEqual(decode(Array.from(all, (b) => Uint8Array.of(b))), whole, "byte by byte")
  return whole
}

const REQUESTS =
  "GET /a?x=1 HTTP/1.1\r\nHost: example.com\r\nUser-Agent: t\r\nX-Pad:   v w  \r\n\r\n" +
  "POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello" +
  "PUT /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\nTrailer-A: 1\r\n\r\n" +
  "DELETE /d HTTP/1.1\nHost: h\n\n" +
  "GET /last HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n" +
  "GET /ignored HTTP/1.1\r\nHost: h\r\n\r\n"

test("request decoder: pipelined requests split at every byte offset", () => {
  const got = everySplit(REQUESTS, (c) => decodeRequests(c).map(simple))
  assert.deepEqual(got, [
    { method: "GET", target: "/a?x=1", headers: ["Host", "example.com", "User-Agent", "t", "X-Pad", "v w"], body: "", keepAlive: true },
    { method: "POST", target: "/p", headers: ["Host", "h", "Content-Length", "5"], body: "hello", keepAlive: true },
    { method: "PUT", target: "/c", headers: ["Host", "h", "Transfer-Encoding", "chunked"], body: "abc0123456789abcdef", keepAlive: true },
    { method: "DELETE", target: "/d", headers: ["Host", "h"], body: "", keepAlive: true },
    { method: "GET", target: "/last", headers: ["Host", "h", "Connection", "close"], body: "", keepAlive: false }
  ])
})

test("request decoder: keep-alive semantics for HTTP/1.0 and 1.1", () => {
  const ka = (text: string) => decodeRequests([bytes(text)])[0]!.keepAlive
  assert.equal(ka("GET / HTTP/1.1\r\nHost: h\r\n\r\n"), true)
  assert.equal(ka("GET / HTTP/1.1\r\nHost: h\r\nConnection: Keep-Alive, CLOSE\r\n\r\n"), false)
  assert.equal(ka("GET / HTTP/1.0\r\n\r\n"), false)
  assert.equal(ka("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"), true)
  const r = decodeRequests([bytes("GET / HTTP/1.0\r\n\r\n")])[0]!
  assert.equal(r.versionMinor, 0)
})

test("request decoder: fields, leading empty lines, expect-continue callback", () => {
  let continued = 0
  const out: Array<Http1Request> = []
  const d = createRequestDecoder({ onRequest: (r) => void out.push(r), onContinue: () => void continued++ })
  d.push(bytes("\r\n\r\nPOST /u HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n"))
  assert.equal(continued, 1)
  assert.equal(out.length, 0)
  assert.equal(d.idle, false)
  d.push(bytes("ok"))
  assert.equal(out.length, 1)
  assert.equal(out[0]!.expectContinue, true)
  assert.equal(out[0]!.contentLength, 2)
  assert.equal(d.idle, true)
})

test("request decoder: the chunk passed to push is not retained", () => {
  const out: Array<Http1Request> = []
  const d = createRequestDecoder({ onRequest: (r) => void out.push(r) })
  const chunk = bytes("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nab")
  d.push(chunk)
  chunk.fill(0)
  const tail = bytes("cd")
  d.push(tail)
  tail.fill(0)
  assert.equal(td.decode(out[0]!.body), "abcd")
})

const RESPONSES =
  "HTTP/1.1 100 Continue\r\n\r\n" +
  "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX: y\r\n\r\nhi" +
  "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n" + // HEAD: no body
  "HTTP/1.1 204 No Content\r\n\r\n" +
  "HTTP/1.1 304 Not Modified\r\nContent-Length: 7\r\n\r\n" +
  "HTTP/1.1 201\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n" +
  "HTTP/1.1 500 Internal Server Error\r\n\r\nuntil close"

test("response decoder: statuses, HEAD, 204/304, chunked, read-until-close, split at every offset", () => {
  const got = everySplit(RESPONSES, (c) => decodeResponses(c, ["GET", "HEAD", "GET", "GET", "GET", "GET"]).map(simpleRes))
  assert.deepEqual(got, [
    { status: 200, reason: "OK", headers: ["Content-Length", "2", "X", "y"], body: "hi", keepAlive: true },
    { status: 200, reason: "OK", headers: ["Content-Length", "99"], body: "", keepAlive: true },
    { status: 204, reason: "No Content", headers: [], body: "", keepAlive: true },
    { status: 304, reason: "Not Modified", headers: ["Content-Length", "7"], body: "", keepAlive: true },
    { status: 201, reason: "", headers: ["Transfer-Encoding", "chunked"], body: "hello", keepAlive: true },
    { status: 500, reason: "Internal Server Error", headers: [], body: "until close", keepAlive: false }
  ])
})

test("response decoder: HTTP/1.0 and Connection: close end the decoder", () => {
  const out: Array<Http1Response> = []
  const d = createResponseDecoder({ onResponse: (r) => void out.push(r) })
  d.push(bytes("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\naHTTP/1.1 200 OK\r\n\r\n"))
  assert.equal(out.length, 1)
  assert.equal(out[0]!.keepAlive, false)
  assert.equal(d.done, true)
  const ka = decodeResponses([bytes("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n")])
  assert.equal(ka[0]!.keepAlive, true)
})

const expectError = (fn: () => void, reason: string, status: number) =>
  assert.throws(fn, (e: unknown) => e instanceof Http1Error && e.reason === reason && e.status === status && e._tag === "Http1Error")

test("request decoder: malformed input is an Http1Error with the status to reply", () => {
  const bad: Array<[string, string, number]> = [
    ["\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", "BadStartLine", 400],
    ["GET  / HTTP/1.1\r\nHost: h\r\n\r\n", "BadStartLine", 400],
    ["GET / HTTP/1.1 \r\nHost: h\r\n\r\n", "BadStartLine", 400],
    ["GET /\x7f HTTP/1.1\r\nHost: h\r\n\r\n", "BadStartLine", 400],
    ["GET / HTTP/2.0\r\n\r\n", "BadVersion", 505],
    ["GET / HTTX/1.1\r\n\r\n", "BadStartLine", 400],
    ["GET / HTTP/1.1\r\nHost : h\r\n\r\n", "BadHeader", 400],
    ["GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n", "BadHeader", 400],
    ["GET / HTTP/1.1\r\nHost: h\rX: y\r\n\r\n", "BadHeader", 400],
    ["GET / HTTP/1.1\r\nHost: h\x00\r\n\r\n", "BadHeader", 400],
    ["GET / HTTP/1.1\r\nNoColon\r\n\r\n", "BadHeader", 400],
    ["GET / HTTP/1.1\r\n\r\n", "MissingHost", 400],
    ["GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "MissingHost", 400],
    ["POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1x\r\n\r\n", "BadContentLength", 400],
    ["POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", "BadContentLength", 400],
    ["POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", "BadContentLength", 400],
    ["POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", "UnsupportedTransferEncoding", 501],
    ["POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "BadChunk", 400],
    ["POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX", "BadChunk", 400],
    ["POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999\r\n\r\n", "BodyTooLarge", 413],
    ["POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffff\r\n", "BodyTooLarge", 413]
  ]
  for (const [text, reason, status] of bad) {
    expectError(() => decodeRequests([bytes(text)]), reason, status)
  }
})

test("request decoder: limits on header bytes, header count, body and chunk lines", () => {
  const big = "GET / HTTP/1.1\r\nHost: h\r\nX: " + "a".repeat(20000) + "\r\n\r\n"
  expectError(() => decodeRequests([bytes(big)]), "HeaderTooLarge", 431)
  expectError(() => decodeRequests([bytes(big.slice(0, 17000))]), "HeaderTooLarge", 431) // no line end yet
  const many = "GET / HTTP/1.1\r\nHost: h\r\n" + "X: 1\r\n".repeat(100) + "\r\n"
  expectError(() => decodeRequests([bytes(many)]), "TooManyHeaders", 431)
  assert.equal(decodeRequests([bytes(many)], { maxHeaderCount: 200 }).length, 1)
  const body = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world"
  expectError(() => decodeRequests([bytes(body)], { maxBodyBytes: 10 }), "BodyTooLarge", 413)
  const chunked = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nhello \r\n5\r\nworld\r\n0\r\n\r\n"
  expectError(() => decodeRequests([bytes(chunked)], { maxBodyBytes: 10 }), "BodyTooLarge", 413)
  assert.equal(decodeRequests([bytes(chunked)], { maxBodyBytes: 11 }).length, 1)
  const ext = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1;" + "e".repeat(2000)
  expectError(() => decodeRequests([bytes(ext)]), "BadChunk", 400)
  const trailers = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n" + "T: 1\r\n".repeat(99) + "\r\n"
  expectError(() => decodeRequests([bytes(trailers)]), "TooManyHeaders", 431)
})

test("decoders: EOF inside a message is Truncated; an error is sticky", () => {
  expectError(() => decodeRequests([bytes("GET / HTTP/1.1\r\nHost: h\r\n")]), "Truncated", 400)
  expectError(() => decodeRequests([bytes("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nab")]), "Truncated", 400)
  expectError(() => decodeResponses([bytes("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nab")]), "Truncated", 502)
  const d = createRequestDecoder({ onRequest: () => {} })
  expectError(() => d.push(bytes("BAD\r\n")), "BadStartLine", 400)
  expectError(() => d.push(bytes("GET / HTTP/1.1\r\nHost: h\r\n\r\n")), "BadStartLine", 400)
  assert.equal(d.done, true)
})

test("response decoder: errors carry status 502", () => {
  expectError(() => decodeResponses([bytes("HTTP/1.1 2x0 OK\r\n\r\n")]), "BadStartLine", 502)
  expectError(() => decodeResponses([bytes("SSH-2.0-OpenSSH\r\n")]), "BadStartLine", 502)
  expectError(() => decodeResponses([bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: br\r\n\r\n")]), "UnsupportedTransferEncoding", 502)
})
