// The Dubbo channel's codec for the multiplexed pool: the dubbo Protocol (decode, kinds, ids, heartbeats) and request encoding with an id (raw frames or bodies).
import type { MuxCodec } from "@mosaic/channel-mux"
import type { Protocol } from "@mosaic/protocol"
import { type DubboFrame, DubboProtocol, encodeRequest, writeRequestId } from "@mosaic/protocol-dubbo"

/** A request ready to encode once its connection assigns the id: a whole frame (raw mode) or a body. */
export type DubboCall =
  | { readonly kind: "frame"; readonly frame: Uint8Array; readonly twoWay: boolean }
  | { readonly kind: "body"; readonly body: Uint8Array; readonly twoWay: boolean }

/** The protocol a channel builds itself when none is registered: its own body limit. */
export const dubboProtocolFor = (maxBodyBytes: number): Protocol<DubboFrame> => new DubboProtocol({ maxBodySize: maxBodyBytes })

export const makeDubboCodec = (maxBodyBytes: number, protocol: Protocol<DubboFrame> = dubboProtocolFor(maxBodyBytes)): MuxCodec<DubboCall, DubboFrame> => ({
  protocol,
  encode: (call, id) => {
    if (call.kind === "body") return encodeRequest({ requestId: id, body: call.body, twoWay: call.twoWay })
    const bytes = call.frame.slice()
    writeRequestId(bytes, id)
    return bytes
  }
})
