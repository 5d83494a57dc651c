// The http channel plugin (`protocol: "http"`), Layotto config compatible.
import { Effect, Schema } from "effect"
import { definePlugin } from "@mosaic/kernel"
import { ChannelKind } from "@mosaic/rpc"
import { scopedClient } from "@mosaic/transport"
import { makeHttpChannel } from "./http-channel.ts"

const withDefault = <S extends Schema.Top>(schema: S, value: S["Encoded"]) =>
  schema.pipe(Schema.withDecodingDefault(Effect.succeed(value)))

export const HttpChannelConfig = Schema.Struct({
  /** A proxy listener name (in-memory pipe) or "host:port" (TCP). */
  listener: Schema.String,
  /** Max connections (Layotto's `size`); requests wait for a turn until their deadline. */
  size: withDefault(Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)), 16),
  idle_timeout_ms: withDefault(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)), 60_000),
  connect_timeout_ms: withDefault(Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)), 3_000),
  max_response_header_bytes: withDefault(Schema.Int, 64 * 1024),
  max_response_body_bytes: withDefault(Schema.Int, 16 * 1024 * 1024),
  /** `traceparent` is derived from b3/SOFA keys when missing; `generate` gives a request without any trace a new one. */
  trace: withDefault(Schema.Struct({ generate: withDefault(Schema.Boolean, false) }), {}),
  /** A header carrying the remaining ms upstream (e.g. "x-timeout-ms"); none by default. */
  deadline_header: Schema.optionalKey(Schema.String.check(Schema.isPattern(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/))),
  /** Layotto passes `ext` to the protocol; the http channel has no use for it. */
  ext: Schema.optionalKey(Schema.Unknown)
})

export const httpChannelPlugin = definePlugin(ChannelKind, {
  name: "http",
  description: "HTTP/1.1 channel: a connection pool to a proxy listener (pipe) or host:port (TCP)",
  config: HttpChannelConfig,
  make: (config) =>
    scopedClient((transport, pipes) =>
      makeHttpChannel({
        listener: config.listener,
        size: config.size,
        idleTimeoutMs: config.idle_timeout_ms,
        connectTimeoutMs: config.connect_timeout_ms,
        limits: { maxHeaderBytes: config.max_response_header_bytes, maxBodyBytes: config.max_response_body_bytes },
        trace: { generate: config.trace.generate },
        ...(config.deadline_header === undefined ? {} : { deadlineHeader: config.deadline_header })
      }, transport, pipes)
    )
})
