// The "bolt" (v1) and "boltv2" channel plugins, Layotto config compatible: { protocol, listener, size, ext: { class } }.
import { Effect, Schema } from "effect"
import { definePlugin } from "@mosaic/kernel"
import { ChannelKind } from "@mosaic/rpc"
import { scopedClient } from "@mosaic/transport"
import { heartbeatOptions, muxConfigFields, registeredProtocol } from "@mosaic/channel-mux"
import { makeBoltChannel } from "./bolt-channel.ts"
import { boltProtocolFor } from "./bolt-codec.ts"

const withDefault = <S extends Schema.Top>(schema: S, value: S["Encoded"]) =>
  schema.pipe(Schema.withDecodingDefault(Effect.succeed(value)))

/** Layotto's `ext`: `class` is required and a string (its errors, as config errors with the JSON path). */
export const BoltExt = Schema.StructWithRest(
  Schema.Struct({
    class: Schema.String.annotate({ message: "bolt class not string" }).pipe(Schema.annotateKey({ messageMissingKey: "bolt need class" }))
  }),
  [Schema.Record(Schema.String, Schema.Unknown)]
).annotate({ message: "ext must be an object with a string `class`" })

const fields = {
  ...muxConfigFields({ size: 1, heartbeatIntervalMs: 15_000, heartbeatTimeoutMs: 3_000, heartbeatMaxFailures: 6 }),
  ext: BoltExt.pipe(Schema.annotateKey({ messageMissingKey: "missing bolt classname" })),
  /** Hessian version of JSON-mode bodies, as sofa-rpc-node names it: "3.0" = the 2.0 draft SOFA writes, "4.0" = final 2.0. */
  hessian_version: withDefault(Schema.Literals(["3.0", "4.0"]), "3.0"),
  max_frame_bytes: withDefault(Schema.Int.check(Schema.isGreaterThanOrEqualTo(1024)), 16 * 1024 * 1024),
  /** Trace propagation: SOFA tracer keys are always derived; `generate` gives a request without any trace a new one. */
  trace: withDefault(Schema.Struct({ generate: withDefault(Schema.Boolean, false) }), {})
}

export const BoltChannelConfig = Schema.Struct(fields)
export const BoltV2ChannelConfig = Schema.Struct({
  ...fields,
  /** Bolt v2 CRC32 trailer (ver1 = 2, switch bit 0). Layotto/MOSN write v2 without it. */
  crc: withDefault(Schema.Boolean, false)
})

const make = (version: 1 | 2) => (config: typeof BoltChannelConfig.Type & { readonly crc?: boolean }) =>
  Effect.flatMap(
    registeredProtocol(version === 2 ? "boltv2" : "bolt", () =>
      boltProtocolFor({ version, crc: config.crc ?? false, maxFrameBytes: config.max_frame_bytes })),
    (protocol) => scopedClient((transport, pipes) =>
    makeBoltChannel({
      protocol,
      version,
      crc: config.crc ?? false,
      listener: config.listener,
      size: config.size,
      strategy: config.strategy,
      connectTimeoutMs: config.connect_timeout_ms,
      heartbeat: heartbeatOptions(config),
      maxFrameBytes: config.max_frame_bytes,
      className: config.ext.class,
      dialect: config.hessian_version === "4.0" ? "2.0" : "draft",
      maxTargetPools: config.max_target_pools,
      trace: { generate: config.trace.generate }
    }, transport, pipes))
  )

export const boltChannelPlugin = definePlugin(ChannelKind, {
  name: "bolt",
  description: "SOFA Bolt v1 channel: raw SofaRequest bytes or generic JSON invoke over multiplexed connections",
  config: BoltChannelConfig,
  make: make(1)
})

export const boltV2ChannelPlugin = definePlugin(ChannelKind, {
  name: "boltv2",
  description: "SOFA Bolt v2 channel (optional CRC32): raw SofaRequest bytes or generic JSON invoke over multiplexed connections",
  config: BoltV2ChannelConfig,
  make: make(2)
})
