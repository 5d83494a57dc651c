// What raw and JSON Bolt requests share: frame fields, forwarded headers, remaining timeout, oneway.
import { Oneway, RequestType, type RpcRequest, TargetAddress } from "@mosaic/rpc"
import { CmdType } from "@mosaic/protocol-bolt"
import type { BoltCall } from "./bolt-codec.ts"

export interface FrameOptions {
  readonly version: 1 | 2
  readonly crc: boolean
}

/** Control keys the channel consumes; every other request header is forwarded in the Bolt header map. */
const consumed = new Set<string>([TargetAddress, RequestType])

export const forwardedHeaders = (request: RpcRequest): Map<string, string> => {
  const out = new Map<string, string>()
  for (const k in request.header) if (!consumed.has(k)) out.set(k, request.header[k]!)
  return out
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
