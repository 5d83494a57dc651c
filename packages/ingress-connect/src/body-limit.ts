// Refuse a request whose content-length exceeds max_body_bytes before its body is read, answered in the client's protocol.
import type * as http from "node:http"
import type * as http2 from "node:http2"

type Req = http.IncomingMessage | http2.Http2ServerRequest
type Res = http.ServerResponse | http2.Http2ServerResponse

/** Connect's end-of-stream flag on an enveloped message. */
const END_STREAM_FLAG = 0x02

const connectEndStream = (message: string): Uint8Array => {
  const json = new TextEncoder().encode(JSON.stringify({ error: { code: "resource_exhausted", message } }))
  const out = new Uint8Array(5 + json.length)
  out[0] = END_STREAM_FLAG
  new DataView(out.buffer).setUint32(1, json.length)
  out.set(json, 5)
  return out
}

/**
 * When `content-length` is over `maxBytes`, answer RESOURCE_EXHAUSTED without reading the body and return
 * true: gRPC and gRPC-Web get `grpc-status: 8` (trailers-only), Connect streaming an end-stream error,
 * Connect unary (and anything else) HTTP 413 with Connect's error JSON. HTTP/1.1 answers carry
 * `connection: close`, so the unread body is never drained. connect-node would refuse too, but only after
 * the response, when Node (and Bun) go on to read the whole body to keep the connection alive.
 */
export const refuseOversize = (req: Req, res: Res, maxBytes: number): boolean => {
  const cl = req.headers["content-length"]
  if (cl === undefined) return false
  const length = Number(cl)
  if (!(length > maxBytes)) return false
  const message = `request body of ${length} bytes is larger than max_body_bytes ${maxBytes}`
  const contentType = String(req.headers["content-type"] ?? "")
  const h2 = "stream" in req
  const headers: Record<string, string> = {}
  if (!h2) headers["connection"] = "close"
  if (contentType.startsWith("application/grpc")) {
    const trailersOnly = { ...headers, "content-type": contentType, "grpc-status": "8", "grpc-message": encodeURIComponent(message) }
    if (h2) {
      const stream = (req as http2.Http2ServerRequest).stream
      if (!stream.destroyed && !stream.headersSent) stream.respond({ ":status": 200, ...trailersOnly }, { endStream: true })
      return true
    }
    ;(res as http.ServerResponse).writeHead(200, { ...trailersOnly, "content-length": "0" })
    res.end()
    return true
  }
  if (contentType.startsWith("application/connect+")) {
    const body = connectEndStream(message)
    ;(res as http.ServerResponse).writeHead(200, { ...headers, "content-type": contentType, "content-length": String(body.length) })
    res.end(body)
    return true
  }
  const body = new TextEncoder().encode(JSON.stringify({ code: "resource_exhausted", message }))
  ;(res as http.ServerResponse).writeHead(413, { ...headers, "content-type": "application/json", "content-length": String(body.length) })
  res.end(body)
  return true
}
