// The invoker's config: Layotto's mosn invoker config, plus per-request channel rules.
import { Effect, Schema } from "effect"

/** Which requests a channel serves or a filter applies to; absent means all (Layotto has no such rule). */
export const RequestMatch = Schema.Struct({
  /** Regular expression on the request id (the target service). */
  id: Schema.optionalKey(Schema.String),
  /** Metadata that must be present with these exact values. */
  metadata: Schema.optionalKey(Schema.Record(Schema.String, Schema.String))
})

/** A filter reference: Layotto's CallbackFunc `{ "name": ..., "config": ... }`, plus an optional `match`. */
export const FilterRef = Schema.Struct({
  name: Schema.String,
  config: Schema.optionalKey(Schema.Unknown),
  match: Schema.optionalKey(RequestMatch)
})

/** One channel: the `protocol` names the channel plugin; the rest is that plugin's config. */
export const ChannelEntry = Schema.StructWithRest(
  Schema.Struct({
    protocol: Schema.String,
    match: Schema.optionalKey(RequestMatch)
  }),
  [Schema.Record(Schema.String, Schema.Unknown)]
)

export const InvokerConfig = Schema.Struct({
  before_invoke: Schema.Array(FilterRef).pipe(Schema.withDecodingDefault(Effect.succeed([]))),
  after_invoke: Schema.Array(FilterRef).pipe(Schema.withDecodingDefault(Effect.succeed([]))),
  channel: Schema.Array(ChannelEntry).check(Schema.isMinLength(1, { message: "at least one channel (missing channel config)" })),
  /** Default timeout when `rpc_request_timeout` is absent (Layotto: 3000 ms). */
  default_timeout_ms: Schema.Number.pipe(Schema.withDecodingDefault(Effect.succeed(3000)))
})
export type InvokerConfig = typeof InvokerConfig.Type
