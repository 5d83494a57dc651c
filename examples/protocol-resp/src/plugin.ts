// The "resp" protocol plugin: decoder limits as config, a RespProtocol as the value.
import { Effect, Schema } from "effect"
import { definePlugin } from "@mosaic/kernel"
import { ProtocolKind } from "@mosaic/protocol"
import { RespProtocol } from "./resp-protocol.ts"

const positive = Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))

/** Decoder limits; defaults: 64 MiB bulk strings, 1 048 576-element arrays, 16 levels, 64 KiB lines. */
export const RespProtocolConfig = Schema.Struct({
  max_bulk_bytes: Schema.optionalKey(positive),
  max_array_length: Schema.optionalKey(positive),
  max_depth: Schema.optionalKey(positive),
  max_line_bytes: Schema.optionalKey(positive)
})
export type RespProtocolConfig = typeof RespProtocolConfig.Type

export const respProtocolPlugin = definePlugin(ProtocolKind, {
  name: "resp",
  description: "Redis RESP2: ordered commands and replies, matcher, command/key routing keys, -ERR hijack replies, PING health probe",
  config: RespProtocolConfig,
  make: (c: RespProtocolConfig) =>
    Effect.succeed(new RespProtocol({
      ...(c.max_bulk_bytes === undefined ? {} : { maxBulkBytes: c.max_bulk_bytes }),
      ...(c.max_array_length === undefined ? {} : { maxArrayLength: c.max_array_length }),
      ...(c.max_depth === undefined ? {} : { maxDepth: c.max_depth }),
      ...(c.max_line_bytes === undefined ? {} : { maxLineBytes: c.max_line_bytes })
    }))
})
