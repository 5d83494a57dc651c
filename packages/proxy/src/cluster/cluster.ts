// A cluster: its hosts, its load balancer, its circuit breaker, health-check config, connection limits and timeouts.
import type { ClusterConfig, HealthCheckConfig } from "../config/cluster.ts"
import { CircuitBreaker } from "./circuit-breaker.ts"
import { Host } from "./host.ts"
import type { LbOptions, LoadBalancer, LoadBalancerFactory } from "./load-balancer.ts"

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
  /** max_requests / max_retries of circuit_breakers[0], per cluster. */
  readonly breaker: CircuitBreaker
  /** Active health checking, when configured. */
  readonly healthCheck: HealthCheckConfig | undefined

  constructor(config: ClusterConfig, lb: LoadBalancerFactory, lbOptions: LbOptions = {}) {
    this.name = config.name
    this.hosts = config.hosts.map((h) => new Host(h))
    const lbconfig = config.lbconfig
    this.lb = lb(this.hosts, {
      choiceCount: lbconfig?.choice_count,
      activeRequestBias: lbconfig?.active_request_bias,
      decayMs: lbconfig?.decay,
      ...lbOptions
    })
    this.connectTimeoutMs = config.connect_timeout
    this.idleTimeoutMs = config.idle_timeout
    const breaker = config.circuit_breakers[0]
    this.maxConnections = config.max_connections || breaker?.max_connections || DEFAULT_MAX_CONNECTIONS
    this.maxPendingRequests = breaker?.max_pending_requests ?? 0
    this.breaker = new CircuitBreaker({ maxRequests: breaker?.max_requests ?? 0, maxRetries: breaker?.max_retries ?? 0 })
    this.healthCheck = config.health_check
  }
}

export class ClusterManager {
  private byName = new Map<string, Cluster>()
  constructor(clusters: ReadonlyArray<Cluster>) {
    this.replace(clusters)
  }
  /** The clusters in force (a reload swaps the whole set; streams keep the Cluster objects they hold). */
  replace(clusters: ReadonlyArray<Cluster>): void {
    const byName = new Map<string, Cluster>()
    for (const c of clusters) byName.set(c.name, c)
    this.byName = byName
  }
  get(name: string): Cluster | undefined {
    return this.byName.get(name)
  }
  all(): Iterable<Cluster> {
    return this.byName.values()
  }
}
