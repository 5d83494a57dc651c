// Encoders: a request or response head (latin1) and its body written into one buffer.
import { allocFrame as alloc } from "@mosaic/bytes"
import { stringEqualLower, TARGET, TCHAR, VCHAR_OR_WS } from "./ascii.ts"
import { Http1Error } from "./errors.ts"
import { isHopByHop, listHasToken } from "./headers.ts"
import { reasonPhrase } from "./status-text.ts"
import type { RequestHead, ResponseHead } from "./types.ts"

export interface EncodeOptions {
  /** Leave out hop-by-hop headers (Connection, Keep-Alive, Proxy-*, TE, Trailer, Transfer-Encoding, Upgrade) and names listed in Connection. */
  readonly dropHopByHop?: boolean | undefined
  /** More flat [name, value] pairs written after `headers`. */
  readonly extraHeaders?: ReadonlyArray<string> | undefined
  /** Content-Length to write instead of the body length (HEAD replies); null writes none. */
  readonly contentLength?: number | null | undefined
}

const CRLF_LEN = 2
let skip = new Uint8Array(64)

const invalid = (what: string): Http1Error => new Http1Error("InvalidField", 500, `cannot encode ${what}`)

/** Write `s` at `at`; every char must satisfy `table`. Returns the new offset. */
const put = (dst: Uint8Array, at: number, s: string, table: Uint8Array, what: string): number => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c > 255 || table[c] === 0) throw invalid(what)
    dst[at++] = c
  }
  return at
}

const putAscii = (dst: Uint8Array, at: number, s: string): number => {
  for (let i = 0; i < s.length; i++) dst[at++] = s.charCodeAt(i)
  return at
}

/** Names of headers that are not forwarded: marks `skip[i/2]`; returns the bytes the kept ones take. */
const planHeaders = (headers: ReadonlyArray<string>, dropHopByHop: boolean): number => {
  const pairs = headers.length >> 1
  if (skip.length < pairs) skip = new Uint8Array(pairs * 2)
  let listed: Array<string> | undefined
  if (dropHopByHop) {
    for (let i = 0; i < headers.length; i += 2) {
      if (headers[i]!.length === 10 && stringEqualLower(headers[i]!, "connection")) (listed ??= []).push(headers[i + 1]!)
    }
  }
  let size = 0
  for (let i = 0, k = 0; i < headers.length; i += 2, k++) {
    const name = headers[i]!
    let drop = (name.length === 14 && stringEqualLower(name, "content-length")) ||
      (name.length === 17 && stringEqualLower(name, "transfer-encoding"))
    if (!drop && dropHopByHop) {
      drop = isHopByHop(name)
      if (!drop && listed !== undefined) {
        const lower = name.toLowerCase()
        for (const v of listed) if (listHasToken(v, lower)) drop = true
      }
    }
    skip[k] = drop ? 1 : 0
    if (!drop) size += name.length + headers[i + 1]!.length + 4
  }
  return size
}

const extraSize = (extra: ReadonlyArray<string> | undefined): number => {
  let size = 0
  if (extra !== undefined) for (let i = 0; i + 1 < extra.length; i += 2) size += extra[i]!.length + extra[i + 1]!.length + 4
  return size
}

const putHeader = (dst: Uint8Array, at: number, name: string, value: string): number => {
  at = put(dst, at, name, TCHAR, `header name "${name}"`)
  dst[at++] = 58
  dst[at++] = 32
  at = put(dst, at, value, VCHAR_OR_WS, `value of header "${name}"`)
  dst[at++] = 13
  dst[at++] = 10
  return at
}

const finish = (
  head: Uint8Array,
  at: number,
  headers: ReadonlyArray<string>,
  options: EncodeOptions | undefined,
  length: string | undefined,
  body: Uint8Array | undefined
): Uint8Array => {
  for (let i = 0, k = 0; i < headers.length; i += 2, k++) {
    if (skip[k] === 0) at = putHeader(head, at, headers[i]!, headers[i + 1]!)
  }
  const extra = options?.extraHeaders
  if (extra !== undefined) for (let i = 0; i + 1 < extra.length; i += 2) at = putHeader(head, at, extra[i]!, extra[i + 1]!)
  if (length !== undefined) {
    at = putAscii(head, at, "Content-Length: ")
    at = putAscii(head, at, length)
    head[at++] = 13
    head[at++] = 10
  }
  head[at++] = 13
  head[at++] = 10
  if (body !== undefined && body.length > 0) head.set(body, at)
  return head
}

const lengthText = (n: number): string => {
  if (!Number.isSafeInteger(n) || n < 0) throw invalid(`Content-Length ${n}`)
  return String(n)
}

/** `METHOD target HTTP/1.x`, headers, Content-Length (when a body is given), body: one buffer. */
export const encodeRequest = (request: RequestHead, options?: EncodeOptions): Uint8Array => {
  const headers = request.headers ?? []
  const body = request.body
  const cl = options?.contentLength
  const length = cl === null ? undefined : cl !== undefined ? lengthText(cl) : body !== undefined ? lengthText(body.length) : undefined
  const { method, target } = request
  if (method.length === 0 || target.length === 0) throw invalid("an empty method or target")
  let size = method.length + 1 + target.length + 1 + 8 + CRLF_LEN
  size += planHeaders(headers, options?.dropHopByHop === true) + extraSize(options?.extraHeaders)
  if (length !== undefined) size += 16 + length.length + CRLF_LEN
  size += CRLF_LEN + (body?.length ?? 0)
  const out = alloc(size)
  let at = put(out, 0, method, TCHAR, `method "${method}"`)
  out[at++] = 32
  at = put(out, at, target, TARGET, `target "${target}"`)
  at = putAscii(out, at, request.versionMinor === 0 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n")
  return finish(out, at, headers, options, length, body)
}

/** `HTTP/1.x status reason`, headers, Content-Length (not for 1xx/204/304), body: one buffer. */
export const encodeResponse = (response: ResponseHead, options?: EncodeOptions): Uint8Array => {
  const headers = response.headers ?? []
  const status = response.status
  if (!Number.isInteger(status) || status < 100 || status > 999) throw invalid(`status ${status}`)
  const bodyless = status < 200 || status === 204 || status === 304
  const body = bodyless ? undefined : response.body
  const cl = options?.contentLength
  const length = cl === null ? undefined : cl !== undefined ? lengthText(cl) : bodyless ? undefined : lengthText(body?.length ?? 0)
  const reason = response.reason ?? reasonPhrase(status)
  let size = 9 + 3 + 1 + reason.length + CRLF_LEN
  size += planHeaders(headers, options?.dropHopByHop === true) + extraSize(options?.extraHeaders)
  if (length !== undefined) size += 16 + length.length + CRLF_LEN
  size += CRLF_LEN + (body?.length ?? 0)
  const out = alloc(size)
  let at = putAscii(out, 0, response.versionMinor === 0 ? "HTTP/1.0 " : "HTTP/1.1 ")
  out[at++] = 48 + Math.floor(status / 100)
  out[at++] = 48 + (Math.floor(status / 10) % 10)
  out[at++] = 48 + (status % 10)
  out[at++] = 32
  at = put(out, at, reason, VCHAR_OR_WS, `reason "${reason}"`)
  out[at++] = 13
  out[at++] = 10
  return finish(out, at, headers, options, length, body)
}
