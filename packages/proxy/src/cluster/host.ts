// An upstream host of a cluster: address, weight, health flag, request/connection counters, latency, per-protocol pools.
import { parseHostPort } from "@mosaic/transport"
import type { HostConfig } from "../config/cluster.ts"
import type { PeakEwma } from "./peak-ewma.ts"

let healthVersion = 0
/** Bumped whenever any host's health flips; balancers cache their healthy-host lists against it. */
export const currentHealthVersion = (): number => healthVersion

export class Host {
  readonly address: string
  readonly hostname: string
  readonly weight: number
  readonly ip: string
  readonly port: number
  /** Requests in flight on this host (for least-request style balancers). */
  activeRequests = 0
  /**
   * Upstream connections open to this host, over every protocol's pool (LB_LEAST_CONNECTION). A
   * connection counts from the moment it is established (not while connecting) until it closes.
   */
  activeConnections = 0
  /**
   * Upstream latency estimate (ms), set by balancers that use it (LB_PEAK_EWMA); while undefined the
   * pools do not time requests at all.
   */
  latency: PeakEwma | undefined = undefined
  private healthyValue = true
  private readonly pools = new Map<string, unknown>()

  constructor(config: HostConfig) {
    const hp = parseHostPort(config.address)!
    this.address = config.address
    this.hostname = config.hostname ?? config.address
    this.weight = config.weight
    this.ip = hp.host
    this.port = hp.port
  }

  /** Health-check result (true until a health check says otherwise); every load balancer skips unhealthy hosts. */
  get healthy(): boolean {
    return this.healthyValue
  }
  set healthy(value: boolean) {
    if (value === this.healthyValue) return
    this.healthyValue = value
    healthVersion++
  }

  /** An answer came `ms` after its request was written upstream; `now` = performance.now() at the answer. */
  observeLatency(ms: number, now: number): void {
    this.latency?.observe(ms, now)
  }

  /** The connection pool of `protocol` for this host, created on first use. */
  pool<P>(protocol: string, create: () => P): P {
    let p = this.pools.get(protocol) as P | undefined
    if (p === undefined) {
      p = create()
      this.pools.set(protocol, p)
    }
    return p
  }

  allPools(): Iterable<unknown> {
    return this.pools.values()
  }
}
