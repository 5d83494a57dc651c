// Fuzz: mutated messages, split at random, give only messages or Http1Error; encoder output always decodes.
import { test } from "node:test"
import assert from "node:assert/strict"
import { createRequestDecoder, createResponseDecoder } from "./decoders.ts"
import { encodeRequest, encodeResponse } from "./encoder.ts"
import { Http1Error } from "./errors.ts"
import type { Http1Limits } from "./limits.ts"

const MUTATIONS = 100_000
const te = new TextEncoder()

/** xorshift32: a seeded PRNG so failures reproduce. */
const rng = (seed: number) => {
  let x = seed | 0 || 1
  return (n: number) => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) % n
  }
}

const REQUEST_SEEDS = [
  "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
  "POST /x?y=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
  "PUT /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;e=1\r\nabc\r\nA\r\n0123456789\r\n0\r\nT: v\r\n\r\n",
  "GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /b HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n",
  "OPTIONS * HTTP/1.1\nHost: x\nExpect: 100-continue\nContent-Length: 2\n\nok"
].map((s) => te.encode(s))

const RESPONSE_SEEDS = [
  "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi",
  "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n",
  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
  "HTTP/1.0 500 Boom\r\nX: y\r\n\r\nuntil close body",
  "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\nHTTP/1.1 301\r\nLocation: /\r\nContent-Length: 0\r\n\r\n"
].map((s) => te.encode(s))

const INTERESTING = [13, 10, 32, 9, 58, 59, 48, 49, 102, 0, 255, 127, 44, 72, 84, 80, 47]

const mutate = (r: (n: number) => number, seeds: ReadonlyArray<Uint8Array>): Uint8Array => {
  let b = Array.from(seeds[r(seeds.length)]!)
  const rounds = 1 + r(4)
  for (let k = 0; k < rounds; k++) {
    const at = r(b.length + 1)
    switch (r(7)) {
      case 0: if (at < b.length) b[at] = r(256); break
      case 1: b.splice(at, 0, INTERESTING[r(INTERESTING.length)]!); break
      case 2: b.splice(at, 1 + r(8)); break
      case 3: b.splice(at, 0, ...b.slice(r(b.length), r(b.length) + 1 + r(16))); break
      case 4: b = b.concat(Array.from(seeds[r(seeds.length)]!)); break
      case 5: b.length = Math.min(b.length, at); break
      default: if (at < b.length) b[at] = INTERESTING[r(INTERESTING.length)]!
    }
  }
  return Uint8Array.from(b)
}

/** Decode `input` in the given chunks; returns a comparable summary. Anything but Http1Error fails the test. */
const run = (response: boolean, input: Uint8Array, cuts: ReadonlyArray<number>, limits: Partial<Http1Limits>, maxBody: number) => {
  const out: Array<string> = []
  const onMessage = (m: any) => {
    assert.ok(m.body.length <= maxBody)
    assert.equal(m.headers.length % 2, 0)
    for (const h of m.headers) assert.ok(!/[\r\n\0]/.test(h))
    out.push(JSON.stringify([m.method ?? m.status, m.target ?? m.reason, m.headers, Array.from(m.body), m.keepAlive]))
  }
  const d = response ? createResponseDecoder({ onResponse: onMessage, limits }) : createRequestDecoder({ onRequest: onMessage, limits })
  if (response) for (let i = 0; i < 3; i++) (d as any).expect(i === 1 ? "HEAD" : "GET")
  try {
    let prev = 0
    for (const cut of [...cuts, input.length]) {
      d.push(input.subarray(prev, cut))
      prev = cut
    }
    d.end()
    out.push("end")
  } catch (e) {
    if (!(e instanceof Http1Error)) throw e
    out.push(`error:${e.reason}:${e.status}`)
  }
  return out
}

test(`fuzz: ${MUTATIONS} mutated messages give only messages or Http1Error, however they are split`, () => {
  const r = rng(0x5eed)
  const started = Date.now()
  let errors = 0
  for (let i = 0; i < MUTATIONS; i++) {
    const response = (i & 1) === 1
    const input = mutate(r, response ? RESPONSE_SEEDS : REQUEST_SEEDS)
    const small = r(4) === 0
    const limits: Partial<Http1Limits> = small ? { maxHeaderBytes: 64, maxHeaderCount: 3, maxBodyBytes: 8, maxChunkLineBytes: 8 } : {}
    const maxBody = small ? 8 : 4 * 1024 * 1024
    const cuts: Array<number> = []
    for (let c = r(4); c > 0; c--) cuts.push(r(input.length + 1))
    cuts.sort((a, b) => a - b)
    const whole = run(response, input, [], limits, maxBody)
    const split = run(response, input, cuts, limits, maxBody)
    assert.deepEqual(split, whole, `input ${JSON.stringify(Array.from(input))} cuts ${cuts}`)
    if (whole.at(-1)!.startsWith("error")) errors++
  }
  assert.ok(errors > MUTATIONS / 10 && errors < MUTATIONS, `errors ${errors}`)
  assert.ok(Date.now() - started < 60_000)
})

test("fuzz: random encoder input never yields bytes the decoder misreads", () => {
  const r = rng(42)
  const chars = "aZ09-_ :;,\t/\r\n\u00e9\u0100"
  const word = () => Array.from({ length: r(6) }, () => chars[r(chars.length)]).join("")
  let ok = 0
  for (let i = 0; i < 20_000; i++) {
    const headers = Array.from({ length: 2 * r(4) }, word)
    const body = te.encode(word())
    try {
      const bytes = i & 1
        ? encodeResponse({ status: 200 + r(300), headers, body })
        : encodeRequest({ method: word() || "GET", target: "/" + word(), headers: ["Host", "h", ...headers], body })
      const got: Array<any> = []
      const d = i & 1 ? createResponseDecoder({ onResponse: (m) => void got.push(m) }) : createRequestDecoder({ onRequest: (m) => void got.push(m) })
      d.push(bytes)
      assert.equal(got.length, 1)
      ok++
    } catch (e) {
      if (!(e instanceof Http1Error)) throw e
    }
  }
  assert.ok(ok > 100)
})
