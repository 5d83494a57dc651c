// Builds the HTTP/1.1 request for an RpcRequest (Layotto's constructReq, with Mosaic's fixes).
import { type RpcRequest, RequestType, TargetAddress } from "@mosaic/rpc"

/** Keys consumed by the runtime or this channel; never sent as headers. */
const consumed = new Set(["verb", "query_string", TargetAddress, RequestType, "host", "content-length", "id"])

export interface BuiltRequest {
  readonly method: string
  readonly target: string
  /** Flat [name, value, ...] pairs. */
  readonly headers: Array<string>
  readonly body: Uint8Array
}

/**
 * Method from the `verb` key (missing or NONE -> GET); path from `method` with a leading "/";
 * `query_string` appended; Host "localhost" and `id` as Layotto; Content-Type from `content_type`
 * when set, else from a filter's header; every other header key copied.
 */
export const buildHttpRequest = (request: RpcRequest): BuiltRequest => {
  const header = request.header
  const verb = (header.verb ?? "").toUpperCase()
  const method = verb === "" || verb === "NONE" ? "GET" : verb
  const path = request.method.startsWith("/") ? request.method : `/${request.method}`
  const qs = header.query_string ?? ""
  const target = qs === "" ? path : `${path}?${qs}`
  const headers: Array<string> = ["Host", "localhost", "id", request.id]
  let hasContentType = false
  for (const k in header) {
    if (consumed.has(k)) continue
    if (k === "content-type") {
      if (request.contentType !== "") continue
      hasContentType = true
    }
    headers.push(k, header[k]!)
  }
  if (request.contentType !== "" && !hasContentType) headers.push("content-type", request.contentType)
  return { method, target, headers, body: request.data }
}
