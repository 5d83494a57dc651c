// Generic JSON invoke over Dubbo: the channel builds the request body and returns the result as JSON.
import { Code } from "@mosaic/kernel"
import { RequestType, RpcError, type RpcRequest, type RpcResponse, TargetAddress } from "@mosaic/rpc"
import { javaToJson, parseGenericInvoke } from "@mosaic/channel-mux"
import { type DubboFrame, DubboStatus } from "@mosaic/protocol-dubbo"
import { decodeDubboResponseBody, encodeDubboRequestBody, isJavaValue, javaDescriptor, unwrapJava } from "@mosaic/hessian2"
import { dubboMeta, recordView, requestMeta } from "@mosaic/transmeta"
import type { DubboCall } from "./dubbo-codec.ts"
import { dubboStatusError } from "./status.ts"

const consumed = new Set<string>([TargetAddress, RequestType])

const optionalString = (v: unknown, field: string): string | undefined => {
  if (v === undefined || v === null) return undefined
  if (typeof v !== "string") throw RpcError.of(Code.INVALID_ARGUMENT, `generic invoke: \`${field}\` must be a string`)
  return v
}

/** `[group/]interface[:version]` -> its parts. */
export const parseServiceId = (id: string): { iface: string; version: string | undefined; group: string | undefined } => {
  const slash = id.indexOf("/")
  const group = slash > 0 ? id.slice(0, slash) : undefined
  const rest = slash > 0 ? id.slice(slash + 1) : id
  const colon = rest.indexOf(":")
  return colon > 0 ? { iface: rest.slice(0, colon), version: rest.slice(colon + 1), group } : { iface: rest, version: undefined, group }
}

/**
 * `request.id` names the interface (`[group/]interface[:version]`); `data` is
 * `{ method?, argTypes?, args?, version?, group?, attachments? }`. Attachments: the request's headers,
 * then the trace keys derived from its metadata when absent (`traceparent`/`tracestate` from
 * traceparent, b3 or SOFA keys, or a new trace with `generateTrace`; `rpc-persist-*`, `rpc-transit-*`),
 * then `attachments`, then `path`, `interface`, `version`, `group` and `timeout` (remaining ms).
 */
export const jsonDubboCall = (request: RpcRequest, dubboVersion: string, twoWay: boolean, generateTrace = false): DubboCall => {
  const id = parseServiceId(request.id)
  if (id.iface === "") throw RpcError.of(Code.INVALID_ARGUMENT, "generic invoke: the request id must name the interface")
  const g = parseGenericInvoke(request.data, request.method)
  const version = optionalString(g.body.version, "version") ?? id.version ?? ""
  const group = optionalString(g.body.group, "group") ?? id.group
  const extra = g.body.attachments
  if (extra !== undefined && (typeof extra !== "object" || extra === null || Array.isArray(extra))) {
    throw RpcError.of(Code.INVALID_ARGUMENT, "generic invoke: `attachments` must be an object")
  }
  const attachments: Record<string, unknown> = {}
  for (const k in request.header) if (!consumed.has(k)) attachments[k] = request.header[k]
  dubboMeta.write({ ...requestMeta(request, generateTrace), deadline: undefined }, recordView(attachments))
  Object.assign(attachments, extra)
  attachments.path = id.iface
  attachments.interface = id.iface
  attachments.version = version
  if (group !== undefined && group !== "") attachments.group = group
  attachments.timeout = String(Math.max(1, Math.round(request.deadline - Date.now())))
  let body: Uint8Array
  try {
    body = encodeDubboRequestBody({
      dubboVersion,
      path: id.iface,
      version,
      method: g.method,
      ...(g.argTypes === undefined ? {} : { descriptor: javaDescriptor(g.argTypes) }),
      args: g.args,
      attachments
    })
  } catch (e) {
    throw RpcError.of(Code.INVALID_ARGUMENT, `generic invoke: cannot encode the arguments: ${(e as Error).message}`)
  }
  return { kind: "body", body, twoWay }
}

const exceptionMessage = (e: unknown): { msg: string; cls: string | null } => {
  if (typeof e === "string") return { msg: e, cls: null }
  if (isJavaValue(e)) {
    const m = unwrapJava((e.$ as Record<string, unknown> | null)?.detailMessage)
    return { msg: typeof m === "string" ? m : e.$class, cls: e.$class }
  }
  return { msg: "remote exception", cls: null }
}

/**
 * OK with flag 1/4 -> the value as JSON; 2/5 -> `null`; 0/3 (exception) -> UNKNOWN with the remote
 * message. Response attachments become response headers. Non-OK statuses -> see dubboStatusError.
 */
export const jsonDubboResponse = (frame: DubboFrame): RpcResponse => {
  if (frame.status !== DubboStatus.OK) throw dubboStatusError(frame.status, frame.body)
  let r
  try {
    r = decodeDubboResponseBody(frame.body, { withType: true })
  } catch (e) {
    throw RpcError.of(Code.INTERNAL, `cannot decode the dubbo response: ${(e as Error).message}`)
  }
  const header: Record<string, string> = {}
  for (const [k, v] of Object.entries(unwrapJava(r.attachments ?? {}) as Record<string, unknown>)) {
    if (typeof v === "string") header[k] = v
  }
  if (r.flag === 0 || r.flag === 3) {
    const { msg, cls } = exceptionMessage(r.exception)
    throw RpcError.of(Code.UNKNOWN, msg, { "dubbo-status": String(frame.status), ...(cls === null ? {} : { "remote-exception": cls }) })
  }
  return { header, contentType: "application/json", data: javaToJson(unwrapJava(r.value ?? null)) }
}
