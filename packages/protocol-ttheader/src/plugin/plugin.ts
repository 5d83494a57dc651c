// The "ttheader" protocol plugin (Kitex TTHeader, Apache THeader, framed and unframed Thrift): decoder limits as config.
import { Effect, Schema } from "effect"
import { definePlugin } from "@mosaic/kernel"
import { ProtocolKind } from "@mosaic/protocol"
import { TTHeaderProtocol } from "./ttheader-protocol.ts"

/** Decoder limits (defaults: the codec's own, 16 MiB frames). */
export const TTHeaderProtocolConfig = Schema.Struct({
  max_frame_size: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(64))),
  max_header_size: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
  max_info_count: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)))
})
export type TTHeaderProtocolConfig = typeof TTHeaderProtocolConfig.Type

export const ttheaderProtocolPlugin = definePlugin(ProtocolKind, {
  name: "ttheader",
  description: "Kitex TTHeader, Apache THeader, framed and unframed Thrift: codec, matcher, routing keys, exception replies",
  config: TTHeaderProtocolConfig,
  make: (c: TTHeaderProtocolConfig) =>
    Effect.succeed(new TTHeaderProtocol({
      ...(c.max_frame_size === undefined ? {} : { maxFrameSize: c.max_frame_size }),
      ...(c.max_header_size === undefined ? {} : { maxHeaderSize: c.max_header_size }),
      ...(c.max_info_count === undefined ? {} : { maxInfoCount: c.max_info_count })
    }))
})
