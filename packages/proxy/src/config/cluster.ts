// Cluster manager config (MOSN field names): clusters with hosts or a host source, LB type and lbconfig, timeouts, limits, health checks.
import { Effect, Schema } from "effect"
import { Duration, durationOr } from "@mosaic/kernel"
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

/**
 * MOSN `lbconfig` as the built-in balancers read it: knobs of LB_LEAST_REQUEST, LB_LEAST_CONNECTION and
 * LB_PEAK_EWMA (plus Mosaic's `decay`). A cluster's `lbconfig` is the config of its `lb_type` plugin, so
 * other balancers define their own fields.
 */
export const LbConfig = Schema.Struct({
  /** Hosts sampled per pick when weights are equal (power of N choices). */
  choice_count: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)).pipe(Schema.withDecodingDefault(Effect.succeed(2))),
  /**
   * Effective weight = weight / (load + 1)^bias when weights differ (load = requests in flight, or open
   * connections for LB_LEAST_CONNECTION); LB_PEAK_EWMA: cost = latency * (active + 1)^bias.
   */
  active_request_bias: Schema.Number.check(Schema.isGreaterThanOrEqualTo(0)).pipe(Schema.withDecodingDefault(Effect.succeed(1))),
  /**
   * LB_PEAK_EWMA (Mosaic; MOSN has a global metrics EWMA alpha instead): time constant of the latency
   * average; a faster answer moves the estimate by 1 - e^(-elapsed/decay), an idle estimate decays as much.
   */
  decay: durationOr("10s")
})
export type LbConfig = typeof LbConfig.Type

/** Built-in health-check protocols: TCP connect, HTTP/1.1 GET (names case-insensitive); registered protocols add their probes. */
export const HEALTH_CHECK_PROTOCOLS = ["tcp", "Http1", "http"] as const

/** MOSN `check_config.http_check_config` (port, timeout, path) plus Mosaic's `expected_statuses`. */
export const HttpCheckConfig = Schema.Struct({
  /** Port to check instead of the host's own. */
  port: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 65535 }))),
  /** Overrides health_check.timeout for this check. */
  timeout: Schema.optionalKey(Duration),
  path: Schema.String.pipe(Schema.withDecodingDefault(Effect.succeed("/"))),
  /** Statuses counted healthy (MOSN: only 200). */
  expected_statuses: Schema.Array(Schema.Int.check(Schema.isBetween({ minimum: 100, maximum: 599 })))
    .pipe(Schema.withDecodingDefault(Effect.succeed([200])))
})
export type HttpCheckConfig = typeof HttpCheckConfig.Type

/** MOSN `health_check` (defaults are MOSN's: timeout 1s, interval 15s, jitter 5ms, thresholds 1). */
export const HealthCheckConfig = Schema.Struct({
  /** One of HEALTH_CHECK_PROTOCOLS, or a registered protocol with a health probe (checked when the proxy compiles). */
  protocol: Schema.String.check(Schema.makeFilter((p: string) => p.length > 0 || "a health check protocol"))
    .pipe(Schema.withDecodingDefault(Effect.succeed("tcp"))),
  timeout: durationOr("1s"),
  interval: durationOr("15s"),
  /** A random extra delay in [0, interval_jitter) before each check. */
  interval_jitter: durationOr("5ms"),
  /** Delay before the first check (a duration despite the name, as in MOSN). */
  initial_delay_seconds: durationOr("0"),
  /** Consecutive successes that bring an unhealthy host back; 0 means 1. */
  healthy_threshold: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)).pipe(Schema.withDecodingDefault(Effect.succeed(1))),
  /** Consecutive failures that take a host out; 0 means 1. */
  unhealthy_threshold: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)).pipe(Schema.withDecodingDefault(Effect.succeed(1))),
  service_name: Schema.optionalKey(Schema.String),
  check_config: Schema.Struct({
    http_check_config: Schema.optionalKey(HttpCheckConfig)
  }).pipe(Schema.withDecodingDefault(Effect.succeed({})))
})
export type HealthCheckConfig = typeof HealthCheckConfig.Type

/** MOSN cluster types; the hosts come from `hosts` (static) or the cluster's `host_source`. */
export const CLUSTER_TYPES = ["SIMPLE", "STATIC"] as const

export const ClusterConfig = Schema.Struct({
  name: Schema.String,
  type: Schema.Literals(CLUSTER_TYPES).pipe(Schema.withDecodingDefault(Effect.succeed("SIMPLE" as const))),
  /** A `load_balancer` plugin name (LB_ROUNDROBIN, LB_RANDOM, ... or a registered one), resolved when the proxy compiles. */
  lb_type: Schema.String.pipe(Schema.withDecodingDefault(Effect.succeed("LB_ROUNDROBIN"))),
  /** The members when there is no `host_source` (the `static` host source). */
  hosts: Schema.Array(HostConfig).pipe(Schema.withDecodingDefault(Effect.succeed([]))),
  /** Mosaic: where the members come from, a `host_source` plugin (`static`, or a registered one); not with `hosts`. */
  host_source: Schema.optionalKey(Schema.Struct({ type: Schema.String, config: Schema.optionalKey(Schema.Unknown) })),
  connect_timeout: durationOr("3s"),
  /** Idle upstream connections are closed after this long; 0 keeps them. */
  idle_timeout: durationOr("90s"),
  /** Mosaic shortcut for circuit_breakers[0].max_connections: connections per host (default 1024). */
  max_connections: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
  circuit_breakers: Schema.Array(Thresholds).pipe(Schema.withDecodingDefault(Effect.succeed([]))),
  /** The config of the `lb_type` plugin, decoded by it (the built-ins: `LbConfig`). */
  lbconfig: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown)),
  health_check: Schema.optionalKey(HealthCheckConfig)
})
export type ClusterConfig = typeof ClusterConfig.Type

export const ClusterManagerConfig = Schema.Struct({
  clusters: Schema.Array(ClusterConfig).pipe(Schema.withDecodingDefault(Effect.succeed([])))
})
export type ClusterManagerConfig = typeof ClusterManagerConfig.Type
