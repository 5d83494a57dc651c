// What raw and JSON Bolt requests share: frame fields, forwarded headers with trace keys, remaining timeout, oneway.
import { Oneway, RequestType, type RpcRequest, TargetAddress } from "@mosaic/rpc"
import { CmdType } from "@mosaic/protocol-bolt"
import { boltMeta, requestMeta, SofaTracePrefix } from "@mosaic/transmeta"
import type { BoltCall } from "./bolt-codec.ts"

export interface FrameOptions {
  readonly version: 1 | 2
  readonly crc: boolean
  /** `generate`: a request without any trace gets a new one. */
  readonly trace: { readonly generate: boolean }
}

/** Control keys the channel consumes; every other request header is forwarded in the Bolt header map. */
const consumed = new Set<string>([TargetAddress, RequestType])

/**
 * The Bolt header map: every request header but the control keys, then the SOFA tracer keys
 * (`rpc_trace_context.sofaTraceId`/`sofaRpcId`, baggage `sofaPenAttrs`), `traceparent`/`tracestate` and
 * `rpc-transit-*` derived from the request's metadata (traceparent, b3, SOFA keys gRPC lower-cased,
 * rpc-persist-*), each only when the map does not already carry it under its exact name.
 */
export const forwardedHeaders = (request: RpcRequest, o: Pick<FrameOptions, "trace">): Map<string, string> => {
  const out = new Map<string, string>()
  for (const k in request.header) if (!consumed.has(k)) out.set(k, request.header[k]!)
  boltMeta.write(requestMeta(request, o.trace.generate), out)
  return out
}

/** SOFA's tree form of the flattened trace keys, for a SofaRequest's `requestProps`: `{ rpc_trace_context: { sofaTraceId, ... } }`. */
export const traceProps = (headers: ReadonlyMap<string, string>): Record<string, Record<string, string>> => {
  const ctx: Record<string, string> = {}
  let any = false
  for (const [k, v] of headers) {
    if (k.startsWith(SofaTracePrefix) && k.length > SofaTracePrefix.length) {
      ctx[k.slice(SofaTracePrefix.length)] = v
      any = true
    }
  }
  return any ? { [SofaTracePrefix.slice(0, -1)]: ctx } : {}
}

export const isOneway = (request: RpcRequest): boolean => request.header[RequestType] === Oneway

/** The request's remaining time in ms (at least 1), written in the frame's timeout field. */
export const remainingMs = (request: RpcRequest): number => {
  const left = Number.isFinite(request.deadline) ? request.deadline - Date.now() : request.timeoutMs
  return Math.max(1, Math.min(0x7fffffff, Math.round(left)))
}

export const frameFields = (request: RpcRequest, o: FrameOptions): Pick<BoltCall, "protocol" | "crc" | "type" | "timeout"> => ({
  protocol: o.version,
  crc: o.version === 2 && o.crc,
  type: isOneway(request) ? CmdType.ONEWAY : CmdType.REQUEST,
  timeout: remainingMs(request)
})
