// A cluster: its members and their balancer (rebuilt when a host source changes them), circuit breaker, health-check config, limits and timeouts.
import { parseHostPort } from "@mosaic/transport"
import type { ClusterConfig, HealthCheckConfig, HostConfig } from "../config/cluster.ts"
import { CircuitBreaker } from "./circuit-breaker.ts"
import { Host } from "./host.ts"
import type { LoadBalancer, LoadBalancerFactory } from "./load-balancer.ts"

/** Connections per host when neither max_connections nor circuit_breakers set one (MOSN: 0 = unlimited). */
export const DEFAULT_MAX_CONNECTIONS = 1024

interface ClosablePool {
  close(): void
}

export class Cluster {
  readonly name: string
  /** The members in force (a host-source update swaps the array; requests keep the Host they were given). */
  hosts: ReadonlyArray<Host>
  /** The balancer over `hosts`, rebuilt by each membership change (never per request). */
  lb: LoadBalancer
  readonly connectTimeoutMs: number
  readonly idleTimeoutMs: number
  readonly maxConnections: number
  /** Requests allowed to wait for a connection per host; 0 = unlimited. */
  readonly maxPendingRequests: number
  /** max_requests / max_retries of circuit_breakers[0], per cluster. */
  readonly breaker: CircuitBreaker
  /** Active health checking, when configured. */
  readonly healthCheck: HealthCheckConfig | undefined
  private readonly makeLb: LoadBalancerFactory
  private readonly log: (message: string) => void
  /** Hosts an update removed that may still carry requests or connections. */
  private readonly removed = new Set<Host>()
  private readonly watchers = new Set<(hosts: ReadonlyArray<Host>) => void>()
  private closed = false
  private onClose: (() => void) | undefined = undefined

  constructor(
    config: ClusterConfig,
    lb: LoadBalancerFactory,
    hosts: ReadonlyArray<HostConfig> = config.hosts,
    log: (message: string) => void = (m) => console.warn(m)
  ) {
    this.name = config.name
    this.makeLb = lb
    this.log = log
    this.hosts = this.valid(hosts).map((h) => new Host(h))
    this.lb = lb(this.hosts)
    this.connectTimeoutMs = config.connect_timeout
    this.idleTimeoutMs = config.idle_timeout
    const breaker = config.circuit_breakers[0]
    this.maxConnections = config.max_connections || breaker?.max_connections || DEFAULT_MAX_CONNECTIONS
    this.maxPendingRequests = breaker?.max_pending_requests ?? 0
    this.breaker = new CircuitBreaker({ maxRequests: breaker?.max_requests ?? 0, maxRetries: breaker?.max_retries ?? 0 })
    this.healthCheck = config.health_check
  }

  /**
   * A host source's new member list. A host whose address, weight and hostname stay keeps its Host (health,
   * counters, pools); a new balancer is built over the list; hosts no longer listed get no new request and
   * drain (`drainingHosts`). Ignored once the cluster is closed.
   */
  setHosts(configs: ReadonlyArray<HostConfig>): void {
    if (this.closed) return
    const known = new Map<string, Host>()
    for (const h of this.removed) known.set(h.address, h)
    for (const h of this.hosts) known.set(h.address, h)
    const next: Array<Host> = []
    for (const c of this.valid(configs)) {
      const old = known.get(c.address)
      next.push(old !== undefined && old.weight === c.weight && old.hostname === (c.hostname ?? c.address) ? old : new Host(c))
    }
    // the balancer first: if it throws, nothing changed
    const lb = this.makeLb(next)
    const kept = new Set(next)
    for (const h of next) this.removed.delete(h)
    for (const h of this.hosts) if (!kept.has(h)) this.removed.add(h)
    this.hosts = next
    this.lb = lb
    for (const w of this.watchers) w(next)
  }

  /** Hear of membership changes (health checks follow them); returns the function that stops it. */
  watch(onChange: (hosts: ReadonlyArray<Host>) => void): () => void {
    this.watchers.add(onChange)
    return () => void this.watchers.delete(onChange)
  }

  /**
   * Removed hosts that still have requests in flight or open upstream connections (the proxy closes their
   * idle connections); a host with neither has its pools closed and is forgotten.
   */
  *drainingHosts(): Generator<Host> {
    for (const h of this.removed) {
      if (h.activeRequests === 0 && h.activeConnections === 0) {
        for (const p of h.allPools()) (p as ClosablePool).close()
        this.removed.delete(h)
      } else yield h
    }
  }

  /** What `close` runs (the host source's scope), set once by whoever built the cluster. */
  closeWith(onClose: () => void): void {
    if (this.closed) onClose()
    else this.onClose = onClose
  }

  /** The cluster left the config: no more membership updates (its host source is released). */
  close(): void {
    if (this.closed) return
    this.closed = true
    this.watchers.clear()
    const f = this.onClose
    this.onClose = undefined
    f?.()
  }

  /** Entries with an address that parses, each address once (the first wins). */
  private valid(configs: ReadonlyArray<HostConfig>): Array<HostConfig> {
    const seen = new Set<string>()
    const out: Array<HostConfig> = []
    for (const c of configs) {
      if (parseHostPort(c.address) === undefined) {
        this.log(`cluster ${this.name}: host address "${c.address}" is not host:port; skipped`)
        continue
      }
      if (seen.has(c.address)) continue
      seen.add(c.address)
      out.push(c)
    }
    return out
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
