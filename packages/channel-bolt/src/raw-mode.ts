// Raw mode (Layotto): `data` is the serialized content, the class comes from `ext.class`, status mapped as Layotto.
import { RpcError, type RpcRequest, type RpcResponse } from "@mosaic/rpc"
import { type BoltFrame, boltErrorMessage, boltStatusToGrpc, BoltStatus } from "@mosaic/protocol-bolt"
import type { BoltCall } from "./bolt-codec.ts"
import { forwardedHeaders, frameFields, type FrameOptions } from "./request-common.ts"

/** The frame for a raw request: the request's headers (joined values) plus trace keys, its data (opaque) as content. */
export const rawBoltCall = (request: RpcRequest, className: string, o: FrameOptions): BoltCall => ({
  ...frameFields(request, o),
  className,
  headers: forwardedHeaders(request, o),
  content: request.data
})

/**
 * SUCCESS -> the content as data and the response header map as headers (content type left empty,
 * as Layotto). 9/17/18 -> INTERNAL "bolt error code N, <Name>"; TIMEOUT -> DEADLINE_EXCEEDED (Mosaic's
 * fix); any other status -> UNAVAILABLE "bolt error code N". The status is in metadata `bolt-status`.
 */
export const rawBoltResponse = (frame: BoltFrame): RpcResponse => {
  if (frame.status !== BoltStatus.SUCCESS) {
    throw RpcError.of(boltStatusToGrpc(frame.status), boltErrorMessage(frame.status), { "bolt-status": String(frame.status) })
  }
  return { header: Object.fromEntries(frame.headers), contentType: "", data: frame.content }
}
