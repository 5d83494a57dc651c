// Builds the HTTP/1.1 request for an RpcRequest (Layotto's constructReq, with Mosaic's fixes, plus trace headers).
import { type RpcRequest, RequestType, TargetAddress } from "@mosaic/rpc"
import { httpMeta, overlayView, recordView, requestMeta } from "@mosaic/transmeta"

/** Keys consumed by the runtime or this channel; never sent as headers. */
const consumed = new Set(["verb", "query_string", TargetAddress, RequestType, "host", "content-length", "id"])

export interface BuiltRequest {
  readonly method: string
  readonly target: string
  /** Flat [name, value, ...] pairs. */
  readonly headers: Array<string>
  readonly body: Uint8Array
}

export interface BuildOptions {
  /** A request without any trace gets a new one (default false). */
  readonly generateTrace?: boolean
  /** Write the remaining ms in this header (default: none; HTTP has no standard deadline header). */
  readonly deadlineHeader?: string
}

/**
 * Method from the `verb` key (missing or NONE -> GET); path from `method` with a leading "/";
 * `query_string` appended; Host "localhost" and `id` as Layotto; Content-Type from `content_type`
 * when set, else from a filter's header; every other header key copied. Then the trace headers the
 * request lacks (`traceparent`/`tracestate` derived from b3, x-b3-* or SOFA keys, or generated;
 * `rpc-persist-*` for SOFA baggage) and, when configured, the deadline header.
 */
export const buildHttpRequest = (request: RpcRequest, options: BuildOptions = {}): BuiltRequest => {
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
  const added = new Map<string, string>()
  httpMeta.write(requestMeta(request, options.generateTrace ?? false), overlayView(recordView(header), added),
    options.deadlineHeader === undefined ? {} : { deadlineHeader: options.deadlineHeader })
  for (const [k, v] of added) headers.push(k, v)
  return { method, target, headers, body: request.data }
}
