// The "dubbo" channel plugin, Layotto config compatible: { protocol, listener, size } (`ext` accepted, unused).
import { Effect, Schema } from "effect"
import { definePlugin } from "@mosaic/kernel"
import { ChannelKind } from "@mosaic/rpc"
import { scopedClient } from "@mosaic/transport"
import { heartbeatOptions, muxConfigFields, registeredProtocol } from "@mosaic/channel-mux"
import { makeDubboChannel } from "./dubbo-channel.ts"
import { dubboProtocolFor } from "./dubbo-codec.ts"

const withDefault = <S extends Schema.Top>(schema: S, value: S["Encoded"]) =>
  schema.pipe(Schema.withDecodingDefault(Effect.succeed(value)))

export const DubboChannelConfig = Schema.Struct({
  ...muxConfigFields({ size: 1, heartbeatIntervalMs: 60_000, heartbeatTimeoutMs: 3_000, heartbeatMaxFailures: 3 }),
  /** Dubbo protocol version written in JSON-mode requests (responses carry attachments from 2.0.2 on). */
  dubbo_version: withDefault(Schema.String.check(Schema.isPattern(/^\d+(\.\d+){1,3}$/)), "2.0.2"),
  max_body_bytes: withDefault(Schema.Int.check(Schema.isGreaterThanOrEqualTo(1024)), 8 * 1024 * 1024),
  /** JSON mode's trace attachments are always derived; `generate` gives a request without any trace a new one. */
  trace: withDefault(Schema.Struct({ generate: withDefault(Schema.Boolean, false) }), {}),
  /** Layotto passes `ext` to the protocol; dubbo ignores it. */
  ext: Schema.optionalKey(Schema.Unknown)
})

export const dubboChannelPlugin = definePlugin(ChannelKind, {
  name: "dubbo",
  description: "Dubbo 2 channel: raw dubbo frames or generic JSON invoke over multiplexed connections",
  config: DubboChannelConfig,
  make: (config) =>
    Effect.flatMap(registeredProtocol("dubbo", () => dubboProtocolFor(config.max_body_bytes)), (protocol) => scopedClient((transport, pipes) =>
      makeDubboChannel({
        protocol,
        listener: config.listener,
        size: config.size,
        strategy: config.strategy,
        connectTimeoutMs: config.connect_timeout_ms,
        heartbeat: heartbeatOptions(config),
        maxBodyBytes: config.max_body_bytes,
        dubboVersion: config.dubbo_version,
        maxTargetPools: config.max_target_pools,
        trace: { generate: config.trace.generate }
      }, transport, pipes)
    ))
})
