// Encoding what the proxy forwards: the upstream request and the downstream response, hop-by-hop headers dropped.
import { type EncodeOptions, encodeRequest, encodeResponse, type Http1Request, type Http1Response } from "@mosaic/protocol-http1"

const DROP: EncodeOptions = { dropHopByHop: true }
const DROP_CLOSE: EncodeOptions = { dropHopByHop: true, extraHeaders: ["Connection", "close"] }
const DROP_KEEP_ALIVE: EncodeOptions = { dropHopByHop: true, extraHeaders: ["Connection", "keep-alive"] }

/** `headers` with every Host replaced by `host` (or Host added when missing). */
const withHost = (headers: ReadonlyArray<string>, host: string): Array<string> => {
  const out: Array<string> = []
  let seen = false
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i]!
    if (name.length === 4 && name.toLowerCase() === "host") {
      if (!seen) out.push(name, host)
      seen = true
    } else out.push(name, headers[i + 1]!)
  }
  if (!seen) out.push("Host", host)
  return out
}

/**
 * The request as sent upstream: always HTTP/1.1 and keep-alive, hop-by-hop headers dropped, body with
 * Content-Length when the client sent one (chunked bodies are re-framed). `host` replaces Host when set.
 */
export const encodeUpstreamRequest = (req: Http1Request, target: string, host: string | undefined): Uint8Array => {
  const headers = host === undefined ? req.headers : withHost(req.headers, host)
  const body = req.contentLength >= 0 || req.chunked ? req.body : undefined
  return encodeRequest({ method: req.method, target, headers, body }, DROP)
}

/** What is written downstream: an upstream response, or a reply filters changed. */
export type DownstreamReply = Pick<Http1Response, "status" | "headers" | "body" | "contentLength"> & { readonly reason?: string | undefined }

/**
 * The response as sent downstream: HTTP/1.1, hop-by-hop headers dropped, Content-Length set, plus
 * `Connection: close` when the connection ends after it, or `keep-alive` for an HTTP/1.0 client.
 */
export const encodeDownstreamResponse = (req: Http1Request, res: DownstreamReply, close: boolean): Uint8Array => {
  let options = close ? DROP_CLOSE : req.versionMinor === 0 ? DROP_KEEP_ALIVE : DROP
  if (req.method === "HEAD") options = { ...options, contentLength: res.contentLength >= 0 ? res.contentLength : null }
  return encodeResponse({ status: res.status, reason: res.reason, headers: res.headers, body: res.body }, options)
}

/** A route's direct_response. */
export const encodeDirectResponse = (status: number, body: Uint8Array, close: boolean): Uint8Array =>
  encodeResponse({ status, headers: body.length > 0 ? ["Content-Type", "text/plain"] : [], body }, close ? DROP_CLOSE : DROP)
