// The Bolt adapter for the multiplexed pool: decoder, encode with id, heartbeats (v1, or v2 with optional CRC).
import type { MuxCodec } from "@mosaic/channel-mux"
import {
  type BoltFrame, type BoltRequestInit, CmdCode, CmdType, createBoltDecoder, encodeHeartbeat, encodeRequest, heartbeatAckFor
} from "@mosaic/protocol-bolt"

/** A request ready to encode once its connection assigns the id. */
export type BoltCall = Omit<BoltRequestInit, "requestId">

export interface BoltCodecOptions {
  readonly version: 1 | 2
  /** v2 only: CRC32 trailer on every frame we write. */
  readonly crc: boolean
  readonly maxFrameBytes: number
}

export const makeBoltCodec = (options: BoltCodecOptions): MuxCodec<BoltCall, BoltFrame> => {
  const protocol = options.version === 2 ? "boltv2" : "bolt"
  const crc = options.version === 2 && options.crc
  return {
    protocol,
    maxId: 0xffffffff,
    createDecoder: () => {
      const d = createBoltDecoder({ maxFrameSize: options.maxFrameBytes })
      return { push: (chunk) => void d.push(chunk), next: () => d.read()?.frame }
    },
    encode: (call, id) => encodeRequest({ ...call, requestId: id }),
    idOf: (f) => f.requestId,
    classify: (f) => {
      if (f.type === CmdType.RESPONSE) {
        return f.cmdCode === CmdCode.HEARTBEAT ? "heartbeat-ack" : f.cmdCode === CmdCode.RESPONSE ? "response" : "ignore"
      }
      return f.cmdCode === CmdCode.HEARTBEAT ? "heartbeat" : "ignore"
    },
    heartbeat: (id) => encodeHeartbeat(id, options.version, { crc }),
    heartbeatReply: (f) => heartbeatAckFor(f)
  }
}
