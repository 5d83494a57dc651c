// Generic JSON invoke over Bolt: the channel builds the SofaRequest and returns `appResponse` as JSON.
import { Code } from "@mosaic/kernel"
import { RpcError, type RpcRequest, type RpcResponse } from "@mosaic/rpc"
import { hessianType, javaToJson, parseGenericInvoke } from "@mosaic/channel-mux"
import { type BoltFrame, boltErrorMessage, boltStatusToGrpc, BoltStatus, REQUEST_CLASS } from "@mosaic/protocol-bolt"
import { type Dialect, decodeSofaResponse, encodeSofaRequest, isJavaValue, sofaArgSig, unwrapJava } from "@mosaic/hessian2"
import type { BoltCall } from "./bolt-codec.ts"
import { forwardedHeaders, frameFields, type FrameOptions, traceProps } from "./request-common.ts"

export interface JsonOptions extends FrameOptions {
  /** Hessian dialect of the SofaRequest: "draft" (sofa-rpc-node's default '3.0') or "2.0" ('4.0'). */
  readonly dialect: Dialect
}

const stringProps = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {}
  if (typeof v !== "object" || v === null || Array.isArray(v)) return out
  for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = typeof x === "string" ? x : JSON.stringify(x)
  return out
}

/**
 * `request.id` is the service unique name ("com.example.EchoService:1.0"); `data` is
 * `{ method?, argTypes?, args?, requestProps?, targetAppName? }`. Headers: the request's with trace
 * keys, then `service`, `sofa_head_target_service`, `sofa_head_method_name` (and `sofa_head_target_app`).
 * requestProps: `service`, the trace keys in SOFA's tree form (`rpc_trace_context`), then the body's.
 */
export const jsonBoltCall = (request: RpcRequest, o: JsonOptions): BoltCall => {
  const service = request.id
  if (service === "") throw RpcError.of(Code.INVALID_ARGUMENT, "generic invoke: the request id must name the service, e.g. com.example.EchoService:1.0")
  const g = parseGenericInvoke(request.data, request.method)
  const app = typeof g.body.targetAppName === "string" ? g.body.targetAppName : null
  const headers = forwardedHeaders(request, o)
  let content: Uint8Array
  try {
    content = encodeSofaRequest({
      targetServiceUniqueName: service,
      methodName: g.method,
      ...(g.argTypes === undefined ? {} : { argSigs: g.argTypes.map((t) => sofaArgSig({ $class: hessianType(t), $: null })) }),
      args: g.args,
      requestProps: { service, ...traceProps(headers), ...stringProps(g.body.requestProps) },
      targetAppName: app
    }, { dialect: o.dialect })
  } catch (e) {
    throw RpcError.of(Code.INVALID_ARGUMENT, `generic invoke: cannot encode the arguments: ${(e as Error).message}`)
  }
  headers.set("service", service)
  headers.set("sofa_head_target_service", service)
  headers.set("sofa_head_method_name", g.method)
  if (app !== null) headers.set("sofa_head_target_app", app)
  return { ...frameFields(request, o), className: REQUEST_CLASS, headers, content }
}

const isThrowable = (v: unknown): v is { $class: string; $: Record<string, unknown> } =>
  isJavaValue(v) && /(Exception|Error|Throwable)$/.test(v.$class) && typeof v.$ === "object" && v.$ !== null && "detailMessage" in v.$

const remoteError = (message: string, status: number, exceptionClass: string | null): RpcError =>
  RpcError.of(Code.UNKNOWN, message, { "bolt-status": String(status), ...(exceptionClass === null ? {} : { "remote-exception": exceptionClass }) })

/**
 * SUCCESS: `appResponse` as JSON; `isError` or a Throwable `appResponse` -> UNKNOWN with the remote
 * message. SERVER_EXCEPTION with an exception body -> UNKNOWN with its message. Other statuses map as
 * in raw mode, with the remote message (when the body has one) after Layotto's text.
 */
export const jsonBoltResponse = (frame: BoltFrame): RpcResponse => {
  if (frame.status !== BoltStatus.SUCCESS) {
    let remote: { msg: string; cls: string | null } | undefined
    if (frame.content.length > 0) {
      try {
        const r = decodeSofaResponse(frame.content)
        if (r.errorMsg !== null) remote = { msg: r.errorMsg, cls: r.className }
      } catch { /* no readable exception: Layotto's text alone */ }
    }
    if (frame.status === BoltStatus.SERVER_EXCEPTION && remote !== undefined) throw remoteError(remote.msg, frame.status, remote.cls)
    const text = boltErrorMessage(frame.status) + (remote === undefined ? "" : `: ${remote.msg}`)
    throw RpcError.of(boltStatusToGrpc(frame.status), text, { "bolt-status": String(frame.status) })
  }
  let r
  try {
    r = decodeSofaResponse(frame.content, { withType: true })
  } catch (e) {
    throw RpcError.of(Code.INTERNAL, `cannot decode the SofaResponse: ${(e as Error).message}`)
  }
  if (r.isError) throw remoteError(r.errorMsg ?? "remote error without a message", frame.status, null)
  const app = r.appResponse
  if (isThrowable(app)) {
    const msg = unwrapJava(app.$.detailMessage)
    throw remoteError(typeof msg === "string" ? msg : app.$class, frame.status, app.$class)
  }
  const header: Record<string, string> = Object.fromEntries(frame.headers)
  Object.assign(header, stringProps(r.responseProps))
  return { header, contentType: "application/json", data: javaToJson(unwrapJava(app)) }
}
