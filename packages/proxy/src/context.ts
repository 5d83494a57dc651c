// What the protocol stream handlers share within one proxy: routers, clusters, transport, deadlines, stats.
import type { LifecycleShape } from "@mosaic/kernel"
import type { Http1Limits } from "@mosaic/protocol-http1"
import type { Connection, TransportShape } from "@mosaic/transport"
import type { ClusterManager } from "./cluster/cluster.ts"
import type { DownstreamMetrics } from "./downstream-metrics.ts"
import type { Deadlines } from "./upstream/deadlines.ts"

/** Counters, cheap to bump on the hot path; read with `proxy.stats()`. */
export class ProxyStats {
  downstreamConnections = 0
  downstreamRequests = 0
  upstreamConnections = 0
  upstreamRequests = 0
  /** Retries: retry_policy / connect-failure retries (HTTP/1), and resends after a reused connection failed before any response byte. */
  retries = 0
  /** Replies the proxy made itself, by HTTP status (404, 502, 503, 504, 400, ...). */
  readonly hijacks: Record<number, number> = {}
}

export interface ProxyContext {
  readonly clusters: ClusterManager
  readonly transport: TransportShape
  readonly lifecycle: LifecycleShape | undefined
  readonly deadlines: Deadlines
  readonly stats: ProxyStats
  /** Every open downstream and upstream connection, destroyed when the proxy closes. */
  readonly connections: Set<Connection>
  readonly http1Limits: Partial<Http1Limits> | undefined
  /** Present only when metrics are on (a `Metrics` registry in context at start); bind per connection, never per request. */
  readonly downstreamMetrics?: DownstreamMetrics | undefined
}
