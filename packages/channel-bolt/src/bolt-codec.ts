// The Bolt channel's codec for the multiplexed pool: the bolt/boltv2 Protocol (decode, kinds, ids, heartbeats) and request encoding with an id.
import type { MuxCodec } from "@mosaic/channel-mux"
import type { Protocol } from "@mosaic/protocol"
import { type BoltFrame, BoltProtocol, type BoltRequestInit, encodeRequest } from "@mosaic/protocol-bolt"

/** A request ready to encode once its connection assigns the id. */
export type BoltCall = Omit<BoltRequestInit, "requestId">

export interface BoltCodecOptions {
  readonly version: 1 | 2
  /** v2 only: CRC32 trailer on every frame we write. */
  readonly crc: boolean
  readonly maxFrameBytes: number
}

/** The protocol a channel builds itself when none is registered: its own frame limit and CRC setting. */
export const boltProtocolFor = (options: BoltCodecOptions): Protocol<BoltFrame> =>
  new BoltProtocol(options.version === 2 ? "boltv2" : "bolt", { maxFrameSize: options.maxFrameBytes, crc: options.version === 2 && options.crc })

export const makeBoltCodec = (options: BoltCodecOptions, protocol: Protocol<BoltFrame> = boltProtocolFor(options)): MuxCodec<BoltCall, BoltFrame> => ({
  protocol,
  encode: (call, id) => encodeRequest({ ...call, requestId: id })
})
