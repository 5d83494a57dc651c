// The "bolt" and "boltv2" protocol plugins: decoder limits as config, a BoltProtocol as the value.
import { Effect, Schema } from "effect"
import { definePlugin } from "@mosaic/kernel"
import { ProtocolKind } from "@mosaic/protocol"
import { BoltProtocol } from "./bolt-protocol.ts"

/** Decoder limits (defaults: the codec's own, 16 MiB frames) and, for v2, a CRC32 trailer on this side's heartbeats. */
export const BoltProtocolConfig = Schema.Struct({
  max_frame_size: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(64))),
  max_header_size: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
  crc: Schema.optionalKey(Schema.Boolean)
})
export type BoltProtocolConfig = typeof BoltProtocolConfig.Type

const make = (name: "bolt" | "boltv2") => (c: BoltProtocolConfig) =>
  Effect.succeed(new BoltProtocol(name, {
    ...(c.max_frame_size === undefined ? {} : { maxFrameSize: c.max_frame_size }),
    ...(c.max_header_size === undefined ? {} : { maxHeaderSize: c.max_header_size }),
    ...(c.crc === undefined ? {} : { crc: c.crc })
  }))

export const boltProtocolPlugin = definePlugin(ProtocolKind, {
  name: "bolt",
  description: "SOFA Bolt v1: codec, matcher, SofaRequest routing keys, hijack replies, heartbeats, health probe",
  config: BoltProtocolConfig,
  make: make("bolt")
})

export const boltV2ProtocolPlugin = definePlugin(ProtocolKind, {
  name: "boltv2",
  description: "SOFA Bolt v2: codec (CRC32 checked), matcher, SofaRequest routing keys, hijack replies, heartbeats, health probe",
  config: BoltProtocolConfig,
  make: make("boltv2")
})

/** Both Bolt protocol plugins, for a registry. */
export const boltProtocolPlugins = [boltProtocolPlugin, boltV2ProtocolPlugin] as const
