// Cluster manager config (MOSN field names): clusters with static hosts, LB type, timeouts, limits.
import { Effect, Schema } from "effect"
import { durationOr } from "./duration.ts"
import { Address } from "./listener.ts"

export const HostConfig = Schema.Struct({
  address: Address,
  hostname: Schema.optionalKey(Schema.String),
  /** Relative weight for the load balancer (MOSN: 1..128). */
  weight: Schema.Number.check(Schema.isGreaterThanOrEqualTo(0)).pipe(Schema.withDecodingDefault(Effect.succeed(1)))
})
export type HostConfig = typeof HostConfig.Type

/** MOSN circuit-breaker thresholds; 0 or absent means the Mosaic default (see ClusterConfig). */
export const Thresholds = Schema.Struct({
  priority: Schema.optionalKey(Schema.String),
  max_connections: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
  max_pending_requests: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
  max_requests: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
  max_retries: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)))
})

/** Cluster types with a static host list; DNS and registry-backed types come later. */
export const CLUSTER_TYPES = ["SIMPLE", "STATIC"] as const

export const ClusterConfig = Schema.Struct({
  name: Schema.String,
  type: Schema.Literals(CLUSTER_TYPES).pipe(Schema.withDecodingDefault(Effect.succeed("SIMPLE" as const))),
  /** Load balancer name, checked against the registered load balancers (LB_ROUNDROBIN, LB_RANDOM, ...). */
  lb_type: Schema.String.pipe(Schema.withDecodingDefault(Effect.succeed("LB_ROUNDROBIN"))),
  hosts: Schema.Array(HostConfig).pipe(Schema.withDecodingDefault(Effect.succeed([]))),
  connect_timeout: durationOr("3s"),
  /** Idle upstream connections are closed after this long; 0 keeps them. */
  idle_timeout: durationOr("90s"),
  /** Mosaic shortcut for circuit_breakers[0].max_connections: connections per host (default 1024). */
  max_connections: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
  circuit_breakers: Schema.Array(Thresholds).pipe(Schema.withDecodingDefault(Effect.succeed([])))
})
export type ClusterConfig = typeof ClusterConfig.Type

export const ClusterManagerConfig = Schema.Struct({
  clusters: Schema.Array(ClusterConfig).pipe(Schema.withDecodingDefault(Effect.succeed([])))
})
export type ClusterManagerConfig = typeof ClusterManagerConfig.Type
