// A cluster: its hosts, its load balancer, and its connection limits and timeouts.
import type { ClusterConfig } from "../config/cluster.ts"
import { Host } from "./host.ts"
import type { LoadBalancer, LoadBalancerFactory } from "./load-balancer.ts"

/** Connections per host when neither max_connections nor circuit_breakers set one (MOSN: 0 = unlimited). */
export const DEFAULT_MAX_CONNECTIONS = 1024

export class Cluster {
  readonly name: string
  readonly hosts: ReadonlyArray<Host>
  readonly lb: LoadBalancer
  readonly connectTimeoutMs: number
  readonly idleTimeoutMs: number
  readonly maxConnections: number
  /** Requests allowed to wait for a connection per host; 0 = unlimited. */
  readonly maxPendingRequests: number

  constructor(config: ClusterConfig, lb: LoadBalancerFactory) {
    this.name = config.name
    this.hosts = config.hosts.map((h) => new Host(h))
    this.lb = lb(this.hosts)
    this.connectTimeoutMs = config.connect_timeout
    this.idleTimeoutMs = config.idle_timeout
    const breaker = config.circuit_breakers[0]
    this.maxConnections = config.max_connections || breaker?.max_connections || DEFAULT_MAX_CONNECTIONS
    this.maxPendingRequests = breaker?.max_pending_requests ?? 0
  }
}

export class ClusterManager {
  private readonly byName = new Map<string, Cluster>()
  constructor(clusters: ReadonlyArray<Cluster>) {
    for (const c of clusters) this.byName.set(c.name, c)
  }
  get(name: string): Cluster | undefined {
    return this.byName.get(name)
  }
  all(): Iterable<Cluster> {
    return this.byName.values()
  }
}
