// Tests: framing edge cases a proxy must not get wrong (leftover bytes after an answer, folded framing names, HTTP/1.0 chunked), exact bytes.
import { test } from "node:test"
import assert from "node:assert/strict"
import { createRequestDecoder, createResponseDecoder } from "./decoders.ts"
import { Http1Error } from "./errors.ts"
import type { Http1Request, Http1Response } from "./types.ts"

const bytes = (s: string) => new TextEncoder().encode(s)
const POISON = "HTTP/1.1 200 OK\r\nContent-Length: 30\r\nX-Poison: 1\r\n\r\nPOISON"

interface ResponseCase {
  readonly name: string
  /** Methods announced with expect(), in order. */
  readonly methods: ReadonlyArray<string>
  readonly input: string
  /** Statuses decoded. */
  readonly statuses: ReadonlyArray<number>
  /** `idle` afterwards: false when bytes beyond the answers were held. */
  readonly idle: boolean
  readonly keepAlive?: boolean
}

const responseCases: ReadonlyArray<ResponseCase> = [
  { name: "exact answer", methods: ["GET"], input: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", statuses: [200], idle: true, keepAlive: true },
  { name: "HEAD answer with Content-Length, then a smuggled answer", methods: ["HEAD"], input: `HTTP/1.1 200 OK\r\nContent-Length: 59\r\n\r\n${POISON}`, statuses: [200], idle: false },
  { name: "204, then a smuggled answer", methods: ["GET"], input: `HTTP/1.1 204 No Content\r\n\r\n${POISON}`, statuses: [204], idle: false },
  { name: "204, then a whole smuggled answer", methods: ["GET"], input: "HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", statuses: [204], idle: false },
  { name: "204, then junk", methods: ["GET"], input: "HTTP/1.1 204 No Content\r\n\r\nhello", statuses: [204], idle: false },
  { name: "304, then junk", methods: ["GET"], input: "HTTP/1.1 304 Not Modified\r\n\r\nhello", statuses: [304], idle: false },
  { name: "answer with one byte too many", methods: ["GET"], input: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok!", statuses: [200], idle: false },
  { name: "interim 100 then the answer", methods: ["POST"], input: "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", statuses: [200], idle: true },
  { name: "two answers for two requests", methods: ["GET", "HEAD"], input: "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\naHTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n", statuses: [200, 200], idle: true },
  { name: "bytes with no request announced", methods: [], input: "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", statuses: [], idle: false },
  { name: "101 ends HTTP on the connection", methods: ["GET"], input: "HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\nrest", statuses: [101], idle: false, keepAlive: false },
  { name: "HTTP/1.0 chunked answer closes the connection", methods: ["GET"], input: "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", statuses: [200], idle: false, keepAlive: false }
]

test("response decoder with onlyExpected: answers only what was asked, holds what follows (whole and split at every byte)", () => {
  for (const c of responseCases) {
    const all = bytes(c.input)
    for (let split = 0; split < all.length; split++) {
      const got: Array<Http1Response> = []
      const d = createResponseDecoder({ onResponse: (r) => void got.push(r), onlyExpected: true })
      for (const m of c.methods) d.expect(m)
      if (split > 0) d.push(all.subarray(0, split))
      d.push(all.subarray(split))
      const at = `${c.name} (split at ${split})`
      assert.deepEqual(got.map((r) => r.status), c.statuses, at)
      assert.equal(d.idle, c.idle, at)
      if (c.keepAlive !== undefined) assert.equal(got[0]!.keepAlive, c.keepAlive, at)
    }
  }
})

test("response decoder without onlyExpected parses what follows (the behaviour a pool must not rely on)", () => {
  const got: Array<Http1Response> = []
  const d = createResponseDecoder({ onResponse: (r) => void got.push(r) })
  d.expect("HEAD")
  d.push(bytes(`HTTP/1.1 200 OK\r\nContent-Length: 59\r\n\r\n${POISON}`))
  assert.deepEqual(got.map((r) => r.status), [200])
  assert.equal(d.idle, false) // the second answer's 30-byte body is awaited
})

interface RequestCase {
  readonly name: string
  readonly input: string
  /** The error status, or the keepAlive flags of the requests decoded. */
  readonly status?: number
  readonly keepAlive?: ReadonlyArray<boolean>
}

const requestCases: ReadonlyArray<RequestCase> = [
  { name: "Transfer_Encoding", input: "POST / HTTP/1.1\r\nHost: h\r\nTransfer_Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400 },
  { name: "transfer_encoding (lower case)", input: "POST / HTTP/1.1\r\nHost: h\r\ntransfer_encoding: chunked\r\n\r\n", status: 400 },
  { name: "Content_Length", input: "POST / HTTP/1.1\r\nHost: h\r\nContent_Length: 5\r\n\r\nhello", status: 400 },
  { name: "CONTENT_LENGTH beside Content-Length", input: "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\nCONTENT_LENGTH: 5\r\n\r\nhello", status: 400 },
  { name: "Transfer-Encoding: (empty)", input: "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding:\r\nContent-Length: 5\r\n\r\nhello", status: 400 },
  { name: "Transfer-Encoding: , (no coding)", input: "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: ,\r\n\r\n", status: 400 },
  { name: "X-Content_Length is just a header", input: "GET / HTTP/1.1\r\nHost: h\r\nX-Content_Length: 5\r\n\r\n", keepAlive: [true] },
  { name: "HTTP/1.0 chunked", input: "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\nGET /next HTTP/1.0\r\n\r\n", keepAlive: [false] },
  { name: "HTTP/1.0 keep-alive chunked", input: "POST / HTTP/1.0\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\nGET /next HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", keepAlive: [false] },
  { name: "HTTP/1.0 keep-alive with Content-Length", input: "POST / HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\naGET /next HTTP/1.0\r\n\r\n", keepAlive: [true, false] }
]

test("request decoder: framing headers folded with _, empty Transfer-Encoding, HTTP/1.0 chunked", () => {
  for (const c of requestCases) {
    const got: Array<Http1Request> = []
    const d = createRequestDecoder({ onRequest: (r) => void got.push(r) })
    let error: unknown
    try {
      d.push(bytes(c.input))
    } catch (e) {
      error = e
    }
    if (c.status !== undefined) {
      assert.ok(error instanceof Http1Error, c.name)
      assert.equal(error.status, c.status, c.name)
      assert.equal(got.length, 0, c.name)
    } else {
      assert.equal(error, undefined, c.name)
      assert.deepEqual(got.map((r) => r.keepAlive), c.keepAlive, c.name)
    }
  }
})

test("readingBody: true from the end of the head to the end of the body", () => {
  const d = createRequestDecoder({ onRequest: () => {} })
  const seen: Array<string> = []
  const state = () => (d.idle ? "idle" : d.readingBody ? "body" : "head")
  for (const part of ["POST / HTTP/1.1\r\nHo", "st: h\r\nContent-Length: 3\r\n\r\n", "a", "bc", "GET", " / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n", "1\r\nx\r\n", "0\r\n\r\n"]) {
    d.push(bytes(part))
    seen.push(state())
  }
  assert.deepEqual(seen, ["head", "body", "body", "idle", "head", "body", "body", "idle"])
})
