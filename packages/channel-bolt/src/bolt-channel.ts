// The Bolt channel: raw or generic-JSON requests over a multiplexed pool to a proxy listener or host:port.
import { type HeartbeatOptions, isJsonContentType, makeDialer, MuxPool, type MuxStrategy, MuxTargets } from "@mosaic/channel-mux"
import { type Channel, emptyResponse } from "@mosaic/rpc"
import type { PipeListenersShape, TransportShape } from "@mosaic/transport"
import { type BoltFrame, CmdType } from "@mosaic/protocol-bolt"
import type { Protocol } from "@mosaic/protocol"
import type { Dialect } from "@mosaic/hessian2"
import { type BoltCall, makeBoltCodec } from "./bolt-codec.ts"
import { rawBoltCall, rawBoltResponse } from "./raw-mode.ts"
import { jsonBoltCall, jsonBoltResponse } from "./json-mode.ts"

export interface BoltChannelOptions {
  readonly version: 1 | 2
  /** v2 only: CRC32 trailer on every frame. */
  readonly crc: boolean
  readonly listener: string
  readonly size: number
  readonly strategy: MuxStrategy
  readonly connectTimeoutMs: number
  readonly heartbeat: HeartbeatOptions
  readonly maxFrameBytes: number
  /** Raw mode's request class (Layotto's `ext.class`). */
  readonly className: string
  /** JSON mode's Hessian dialect. */
  readonly dialect: Dialect
  readonly maxTargetPools: number
  /** Trace keys on every request (see request-common.ts); `generate`: a request without a trace gets a new one. */
  readonly trace: { readonly generate: boolean }
  /** The registered bolt/boltv2 protocol; absent: the channel builds one with `maxFrameBytes` and `crc`. */
  readonly protocol?: Protocol<BoltFrame> | undefined
}

export const makeBoltChannel = (
  o: BoltChannelOptions,
  transport: TransportShape,
  pipes: PipeListenersShape
): Channel & { close(): void; stats(): { connections: number; inFlight: number } } => {
  const codec = makeBoltCodec({ version: o.version, crc: o.crc, maxFrameBytes: o.maxFrameBytes }, o.protocol)
  const targets = new MuxTargets(o.listener, (address) => new MuxPool<BoltCall, BoltFrame>({
    size: o.size,
    strategy: o.strategy,
    codec,
    heartbeat: o.heartbeat,
    dial: makeDialer(address, { transport, pipes, connectTimeoutMs: o.connectTimeoutMs })
  }), o.maxTargetPools)
  return {
    protocol: codec.protocol.name,
    do: async (request) => {
      const json = isJsonContentType(request.contentType)
      const call = json ? jsonBoltCall(request, o) : rawBoltCall(request, o.className, o)
      const pool = targets.poolFor(request)
      if (call.type === CmdType.ONEWAY) {
        await pool.send(call, request.signal)
        return emptyResponse()
      }
      const frame = await pool.call(call, request.signal)
      return json ? jsonBoltResponse(frame) : rawBoltResponse(frame)
    },
    close: () => targets.close(),
    stats: () => targets.main.stats()
  }
}
