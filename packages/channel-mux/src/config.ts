// Config fields every multiplexed channel shares (Layotto's `listener`/`size` plus pool and heartbeat knobs).
import { Effect, Schema } from "effect"
import type { HeartbeatOptions } from "./mux-connection.ts"
import type { MuxStrategy } from "./mux-pool.ts"

const withDefault = <S extends Schema.Top>(schema: S, value: S["Encoded"]) =>
  schema.pipe(Schema.withDecodingDefault(Effect.succeed(value)))

const NonNegativeInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))
const PositiveInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))

export interface MuxDefaults {
  readonly size: number
  readonly heartbeatIntervalMs: number
  readonly heartbeatTimeoutMs: number
  readonly heartbeatMaxFailures: number
}

/** The shared fields, with per-protocol defaults; spread them into a channel's `Schema.Struct`. */
export const muxConfigFields = (d: MuxDefaults) => ({
  /** A proxy listener name (in-memory pipe) or "host:port" (TCP). */
  listener: Schema.String,
  /** Most connections per address (Layotto's `size`); many calls share each connection. */
  size: withDefault(PositiveInt, d.size),
  strategy: withDefault(Schema.Literals(["round_robin", "least_pending"]), "round_robin"),
  connect_timeout_ms: withDefault(PositiveInt, 3_000),
  /** Heartbeat after this long without reading anything; 0 turns heartbeats off. */
  heartbeat_interval_ms: withDefault(NonNegativeInt, d.heartbeatIntervalMs),
  heartbeat_timeout_ms: withDefault(PositiveInt, d.heartbeatTimeoutMs),
  /** Consecutive failed heartbeats that close the connection. */
  heartbeat_max_failures: withDefault(PositiveInt, d.heartbeatMaxFailures),
  /** Most distinct `rpc_target_address` pools. */
  max_target_pools: withDefault(PositiveInt, 64)
})

export interface MuxConfig {
  readonly listener: string
  readonly size: number
  readonly strategy: MuxStrategy
  readonly connect_timeout_ms: number
  readonly heartbeat_interval_ms: number
  readonly heartbeat_timeout_ms: number
  readonly heartbeat_max_failures: number
  readonly max_target_pools: number
}

export const heartbeatOptions = (c: MuxConfig): HeartbeatOptions => ({
  intervalMs: c.heartbeat_interval_ms,
  timeoutMs: c.heartbeat_timeout_ms,
  maxFailures: c.heartbeat_max_failures
})
