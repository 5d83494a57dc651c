// The Dubbo adapter for the multiplexed pool: decoder, encode with id (raw frames or bodies), heartbeats.
import type { MuxCodec } from "@mosaic/channel-mux"
import {
  createDubboDecoder, type DubboFrame, encodeHeartbeat, encodeHeartbeatReply, encodeRequest, isHeartbeat, writeRequestId
} from "@mosaic/protocol-dubbo"

/** A request ready to encode once its connection assigns the id: a whole frame (raw mode) or a body. */
export type DubboCall =
  | { readonly kind: "frame"; readonly frame: Uint8Array; readonly twoWay: boolean }
  | { readonly kind: "body"; readonly body: Uint8Array; readonly twoWay: boolean }

export const makeDubboCodec = (maxBodyBytes: number): MuxCodec<DubboCall, DubboFrame> => ({
  protocol: "dubbo",
  maxId: Number.MAX_SAFE_INTEGER,
  createDecoder: () => {
    const d = createDubboDecoder({ maxBodySize: maxBodyBytes })
    return { push: (chunk) => void d.push(chunk), next: () => d.read()?.frame }
  },
  encode: (call, id) => {
    if (call.kind === "body") return encodeRequest({ requestId: id, body: call.body, twoWay: call.twoWay })
    const bytes = call.frame.slice()
    writeRequestId(bytes, id)
    return bytes
  },
  idOf: (f) => f.requestId,
  classify: (f) => {
    if (!f.request) return f.event ? "heartbeat-ack" : "response"
    return isHeartbeat(f) ? "heartbeat" : "ignore"
  },
  heartbeat: (id) => encodeHeartbeat(id),
  heartbeatReply: (f) => f.twoWay ? encodeHeartbeatReply(f.requestId) : undefined
})
