// An upstream host of a cluster: address, weight, health flag, request counter, per-protocol pools.
import { parseHostPort } from "@mosaic/transport"
import type { HostConfig } from "../config/cluster.ts"

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
