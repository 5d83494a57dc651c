// The Dubbo channel: raw frames or generic-JSON requests over a multiplexed pool to a proxy listener or host:port.
import { type HeartbeatOptions, isJsonContentType, makeDialer, MuxPool, type MuxStrategy, MuxTargets } from "@mosaic/channel-mux"
import { type Channel, emptyResponse, Oneway, RequestType } from "@mosaic/rpc"
import type { PipeListenersShape, TransportShape } from "@mosaic/transport"
import type { DubboFrame } from "@mosaic/protocol-dubbo"
import type { Protocol } from "@mosaic/protocol"
import { type DubboCall, makeDubboCodec } from "./dubbo-codec.ts"
import { rawDubboCall, rawDubboResponse } from "./raw-mode.ts"
import { jsonDubboCall, jsonDubboResponse } from "./json-mode.ts"

export interface DubboChannelOptions {
  readonly listener: string
  readonly size: number
  readonly strategy: MuxStrategy
  readonly connectTimeoutMs: number
  readonly heartbeat: HeartbeatOptions
  readonly maxBodyBytes: number
  /** Dubbo protocol version written in JSON-mode requests, e.g. "2.0.2". */
  readonly dubboVersion: string
  readonly maxTargetPools: number
  /** JSON mode's trace attachments; `generate`: a request without any trace gets a new one. */
  readonly trace: { readonly generate: boolean }
  /** The registered dubbo protocol; absent: the channel builds one with `maxBodyBytes`. */
  readonly protocol?: Protocol<DubboFrame> | undefined
}

export const makeDubboChannel = (
  o: DubboChannelOptions,
  transport: TransportShape,
  pipes: PipeListenersShape
): Channel & { close(): void; stats(): { connections: number; inFlight: number } } => {
  const codec = makeDubboCodec(o.maxBodyBytes, o.protocol)
  const targets = new MuxTargets(o.listener, (address) => new MuxPool<DubboCall, DubboFrame>({
    size: o.size,
    strategy: o.strategy,
    codec,
    heartbeat: o.heartbeat,
    dial: makeDialer(address, { transport, pipes, connectTimeoutMs: o.connectTimeoutMs })
  }), o.maxTargetPools)
  return {
    protocol: "dubbo",
    do: async (request) => {
      const json = isJsonContentType(request.contentType)
      const call = json ? jsonDubboCall(request, o.dubboVersion, request.header[RequestType] !== Oneway, o.trace.generate) : rawDubboCall(request, o.maxBodyBytes)
      const pool = targets.poolFor(request)
      if (!call.twoWay) {
        await pool.send(call, request.signal)
        return emptyResponse()
      }
      const frame = await pool.call(call, request.signal)
      return json ? jsonDubboResponse(frame) : rawDubboResponse(frame)
    },
    close: () => targets.close(),
    stats: () => targets.main.stats()
  }
}
