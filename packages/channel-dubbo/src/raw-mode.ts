// Raw mode (Layotto): `data` is a whole Dubbo request frame, sent as it is with only its id rewritten.
import { Code } from "@mosaic/kernel"
import { Oneway, RequestType, RpcError, type RpcRequest, type RpcResponse } from "@mosaic/rpc"
import { decodeFrame, type DubboFrame, DubboStatus, FLAG_TWOWAY } from "@mosaic/protocol-dubbo"
import type { DubboCall } from "./dubbo-codec.ts"
import { dubboStatusError } from "./status.ts"

/**
 * The frame must be one whole, non-event Dubbo request (else INVALID_ARGUMENT; Layotto panics). It is
 * opaque: request headers are not inserted (the attachments sit inside its hessian body). A one-way
 * frame, or `rpc_request_type: oneway` (which clears the two-way bit), is sent without waiting.
 */
export const rawDubboCall = (request: RpcRequest, maxBodyBytes: number): DubboCall => {
  let frame: DubboFrame
  try {
    frame = decodeFrame(request.data, { maxBodySize: maxBodyBytes })
  } catch (e) {
    throw RpcError.of(Code.INVALID_ARGUMENT, `data is not a dubbo frame: ${(e as Error).message}`)
  }
  if (!frame.request || frame.event) throw RpcError.of(Code.INVALID_ARGUMENT, "data is not a dubbo request frame")
  if (request.header[RequestType] === Oneway && frame.twoWay) {
    const bytes = request.data.slice()
    bytes[2] = bytes[2]! & ~FLAG_TWOWAY
    return { kind: "frame", frame: bytes, twoWay: false }
  }
  return { kind: "frame", frame: request.data, twoWay: frame.twoWay }
}

/** OK -> the response body (hessian: result flag, value...) as data; other statuses -> see dubboStatusError. */
export const rawDubboResponse = (frame: DubboFrame): RpcResponse => {
  if (frame.status !== DubboStatus.OK) throw dubboStatusError(frame.status, frame.body)
  return { header: {}, contentType: "", data: frame.body }
}
