// Encodes a built request; a value from the caller that HTTP/1.1 cannot carry is INVALID_ARGUMENT naming it, escaped.
import { Code } from "@mosaic/kernel"
import { RpcError, type RpcRequest } from "@mosaic/rpc"
import { encodeRequest, isHttp1Error } from "@mosaic/protocol-http1"
import type { BuiltRequest } from "./build-request.ts"

/** The request's bytes; INVALID_ARGUMENT (nothing dialled or written) when a field has a byte HTTP/1.1 forbids. */
export const encodeHttpRequest = (request: RpcRequest, built: BuiltRequest): Uint8Array => {
  try {
    return encodeRequest(built)
  } catch (e) {
    if (isHttp1Error(e) && e.reason === "InvalidField") throw invalidField(request, built)
    throw e
  }
}

// The same byte classes as the encoder (RFC 9110 tchar, field-value, RFC 9112 request-target), for the message only.
const isTchar = (c: number) =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || "!#$%&'*+-.^_`|~".includes(String.fromCharCode(c))
const isTargetChar = (c: number) => c > 0x20 && c < 0x7f
const isValueChar = (c: number) => c === 9 || (c >= 0x20 && c !== 0x7f && c <= 0xff)
const allOf = (s: string, ok: (c: number) => boolean): boolean => {
  for (let i = 0; i < s.length; i++) if (!ok(s.charCodeAt(i))) return false
  return true
}

const TARGET_RULE = "a request target allows visible ASCII only: percent-encode spaces, control and non-ASCII characters"

/** Cold path: which field is bad, with the caller's value JSON-quoted (CR, LF and the like escaped). */
const invalidField = (request: RpcRequest, built: BuiltRequest): RpcError => {
  const bad = (what: string) => RpcError.of(Code.INVALID_ARGUMENT, `http channel: cannot send the request: ${what}`)
  if (!allOf(built.method, isTchar)) return bad(`HTTP method (verb) ${JSON.stringify(built.method)} is not a token`)
  const q = built.target.indexOf("?")
  const path = q < 0 ? built.target : built.target.slice(0, q)
  if (!allOf(path, isTargetChar)) return bad(`\`method\` (the HTTP path) ${JSON.stringify(request.method)}: ${TARGET_RULE}`)
  if (q >= 0 && !allOf(built.target.slice(q + 1), isTargetChar)) {
    return bad(`\`http_extension.querystring\` ${JSON.stringify(built.target.slice(q + 1))}: ${TARGET_RULE}`)
  }
  const h = built.headers
  for (let i = 0; i + 1 < h.length; i += 2) {
    if (!allOf(h[i]!, isTchar)) return bad(`metadata key ${JSON.stringify(h[i])} is not an HTTP header name`)
    if (!allOf(h[i + 1]!, isValueChar)) {
      const what = i === 2 ? "`id`" : `metadata ${JSON.stringify(h[i])}`
      return bad(`${what} has a value an HTTP header cannot carry: ${JSON.stringify(h[i + 1])}`)
    }
  }
  return bad("a field HTTP/1.1 cannot carry")
}
