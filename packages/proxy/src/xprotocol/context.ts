// What the X-protocol handlers share: the proxy context, the write flusher, per-cluster limits, the log.
import type { ClusterConfig } from "../config/cluster.ts"
import type { ProxyContext } from "../context.ts"
import { Flusher } from "./outbox.ts"

/** Upstream heartbeats on idle multiplexed connections (MOSN keepalive: after 15 s without reading, 6 failures close). */
export interface UpstreamHeartbeat {
  /** Send a heartbeat after this long without reading anything; 0 = never. Default 15 000. */
  readonly intervalMs: number
  /** An unanswered heartbeat counts as failed after this long. Default 3 000. */
  readonly timeoutMs: number
  /** Close the connection after this many consecutive failures. Default 6. */
  readonly maxFailures: number
}

export interface XProtocolOptions {
  readonly upstreamHeartbeat?: Partial<UpstreamHeartbeat>
  /** Requests in flight per downstream connection before the proxy stops reading from it. Default 4096. */
  readonly maxInFlightPerConnection?: number
}

/** Per-cluster multiplexing settings. */
export class XClusterState {
  /** Multiplexed connections per host (MOSN: max_connections when 0 < n < 65535, else 1). */
  readonly connsPerHost: number
  constructor(config: ClusterConfig) {
    const n = config.max_connections || config.circuit_breakers[0]?.max_connections || 0
    this.connsPerHost = n > 0 && n < 65535 ? n : 1
  }
}

export interface XContext {
  readonly base: ProxyContext
  readonly flusher: Flusher
  readonly log: (message: string) => void
  readonly clusters: ReadonlyMap<string, XClusterState>
  readonly heartbeat: UpstreamHeartbeat
  readonly maxInFlight: number
}

export const makeXContext = (
  base: ProxyContext,
  clusters: ReadonlyArray<ClusterConfig>,
  log: (message: string) => void,
  options: XProtocolOptions = {}
): XContext => ({
  base,
  flusher: new Flusher(),
  log,
  clusters: new Map(clusters.map((c) => [c.name, new XClusterState(c)])),
  heartbeat: { intervalMs: 15_000, timeoutMs: 3_000, maxFailures: 6, ...options.upstreamHeartbeat },
  maxInFlight: options.maxInFlightPerConnection ?? 4096
})
