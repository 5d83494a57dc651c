// The "dubbo" protocol plugin: decoder limits as config, a DubboProtocol as the value.
import { Effect, Schema } from "effect"
import { definePlugin } from "@mosaic/kernel"
import { ProtocolKind } from "@mosaic/protocol"
import { DubboProtocol } from "./dubbo-protocol.ts"

/** Decoder limits (default: the codec's own, 8 MiB bodies). */
export const DubboProtocolConfig = Schema.Struct({
  max_body_size: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)))
})
export type DubboProtocolConfig = typeof DubboProtocolConfig.Type

export const dubboProtocolPlugin = definePlugin(ProtocolKind, {
  name: "dubbo",
  description: "Dubbo 2: codec, matcher, hessian2 routing keys and attachments, hijack replies, heartbeat events, health probe",
  config: DubboProtocolConfig,
  make: (c: DubboProtocolConfig) => Effect.succeed(new DubboProtocol(c.max_body_size === undefined ? undefined : { maxBodySize: c.max_body_size }))
})
