// Test fixture (not shipped): HTTP/1 request and response decoder fuzz targets (split = whole, re-encoding), for fuzz.test.ts and `npm run fuzz`.
import { fuzzCheck, fuzzInput, matcherStable, randomChunks, utf8 } from "@mosaic/bytes/testing"
import type { FuzzTarget, InputShape } from "@mosaic/bytes/testing"
import { createRequestDecoder, createResponseDecoder } from "./decoders.ts"
import { encodeRequest, encodeResponse } from "./encoder.ts"
import { Http1Error } from "./errors.ts"
import type { Http1Limits } from "./limits.ts"
import { matchHttp1 } from "./matcher.ts"
import type { Http1Request, Http1Response } from "./types.ts"

const REQUESTS = [
  "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
  "POST /x?y=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
  "PUT /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;e=1\r\nabc\r\nA\r\n0123456789\r\n0\r\nT: v\r\n\r\n",
  "GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /b HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n",
  "OPTIONS * HTTP/1.1\nHost: x\nExpect: 100-continue\nContent-Length: 2\n\nok",
  "CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n",
  "HEAD /h HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"
].map(utf8)

const RESPONSES = [
  "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi",
  "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n",
  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
  "HTTP/1.0 500 Boom\r\nX: y\r\n\r\nuntil close body",
  "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\nHTTP/1.1 301\r\nLocation: /\r\nContent-Length: 0\r\n\r\n"
].map(utf8)

const SHAPE: InputShape = {
  headerSpan: 24,
  dictionary: [
    "\r\n", "\n", ": ", ";", ",", " ", "\t", "0\r\n\r\n", "Content-Length: ", "Transfer-Encoding: chunked\r\n", "Content-Length: 99999999999\r\n",
    "ffffffffffffffff\r\n", "Connection: close\r\n", "Host: a\r\n", "HTTP/1.1 ", " HTTP/1.0\r\n", "\u0000", "\u00ff", "Expect: 100-continue\r\n", "-1"
  ].map((s) => Uint8Array.from(s, (c) => c.charCodeAt(0)))
}

const SMALL: Partial<Http1Limits> = { maxHeaderBytes: 64, maxHeaderCount: 3, maxBodyBytes: 8, maxChunkLineBytes: 8 }

type Message = Http1Request | Http1Response
const isResponse = (m: Message): m is Http1Response => "status" in m
const summary = (m: Message): string =>
  JSON.stringify([isResponse(m) ? m.status : m.method, isResponse(m) ? m.reason : m.target, m.headers, Array.from(m.body), m.keepAlive])

/** Headers without the framing ones the encoder rewrites. */
const kept = (headers: ReadonlyArray<string>): string => {
  const out: Array<string> = []
  for (let i = 0; i < headers.length; i += 2) {
    const n = headers[i]!.toLowerCase()
    if (n !== "content-length" && n !== "transfer-encoding") out.push(headers[i]!, headers[i + 1]!)
  }
  return JSON.stringify(out)
}

/** Decode `input` in `chunks`: message summaries, then "end" or the error; shape checked per message. */
const decodeAll = (response: boolean, chunks: ReadonlyArray<Uint8Array>, limits: Partial<Http1Limits>, maxBody: number, each?: (m: Message) => void): Array<string> => {
  const out: Array<string> = []
  const onMessage = (m: Message) => {
    fuzzCheck(m.body.length <= maxBody, () => `body of ${m.body.length} bytes`)
    fuzzCheck(m.headers.length % 2 === 0, "odd header list")
    for (const h of m.headers) fuzzCheck(!/[\r\n\0]/.test(h), () => `header ${JSON.stringify(h)}`)
    out.push(summary(m))
    each?.(m)
  }
  try {
    if (response) {
      const d = createResponseDecoder({ onResponse: onMessage, limits })
      for (let i = 0; i < 3; i++) d.expect(i === 1 ? "HEAD" : "GET")
      for (const c of chunks) d.push(c)
      d.end()
    } else {
      const d = createRequestDecoder({ onRequest: onMessage, limits })
      for (const c of chunks) d.push(c)
      d.end()
    }
    out.push("end")
  } catch (e) {
    if (!(e instanceof Http1Error)) throw e
    out.push(`error:${e.reason}:${e.status}`)
  }
  return out
}

/** A decoded message encodes (or the encoder refuses it with Http1Error) to bytes that decode to the same message. */
const reencodes = (m: Message): void => {
  if (isResponse(m) && (m.status < 200 || m.status === 204 || m.status === 304)) return
  let bytes: Uint8Array
  try {
    bytes = isResponse(m) ? encodeResponse(m) : encodeRequest(m)
  } catch (e) {
    if (e instanceof Http1Error && e.reason === "InvalidField") return
    throw e
  }
  const got: Array<Message> = []
  const push = (x: Message) => void got.push(x)
  let error: unknown
  try {
    const d = isResponse(m) ? createResponseDecoder({ onResponse: push }) : createRequestDecoder({ onRequest: push })
    d.push(bytes)
  } catch (e) {
    error = e
  }
  const show = (x: Message) => JSON.stringify([isResponse(x) ? [x.status, x.reason] : [x.method, x.target], x.versionMinor, kept(x.headers), Array.from(x.body)])
  fuzzCheck(error === undefined && got.length === 1 && show(got[0]!) === show(m),
    () => `re-encoded ${JSON.stringify(new TextDecoder("latin1").decode(bytes))} decodes to ${got.map(show).join(" | ")} ${String(error)}, not ${show(m)}`)
}

const target = (name: string, response: boolean, corpus: ReadonlyArray<Uint8Array>): FuzzTarget => ({
  name,
  generate: (rnd) => fuzzInput(corpus, rnd, SHAPE),
  check(input, rnd) {
    if (!response) matcherStable(matchHttp1, input, rnd, "matchHttp1")
    const small = rnd() < 0.25
    const limits = small ? SMALL : {}
    const maxBody = small ? 8 : 4 * 1024 * 1024
    const whole = decodeAll(response, [input], limits, maxBody, reencodes)
    const split = decodeAll(response, randomChunks(input, rnd), limits, maxBody)
    fuzzCheck(JSON.stringify(split) === JSON.stringify(whole), () => `split ${JSON.stringify(split)} != whole ${JSON.stringify(whole)}`)
    return whole.at(-1)!.startsWith("error") ? "rejected" : "accepted"
  }
})

export const http1RequestFuzzTarget = (): FuzzTarget => target("http1-request", false, REQUESTS)
export const http1ResponseFuzzTarget = (): FuzzTarget => target("http1-response", true, RESPONSES)
