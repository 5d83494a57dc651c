// An upstream host of a cluster: address, weight, health flag, request counter, per-protocol pools.
import { parseHostPort } from "@mosaic/transport"
import type { HostConfig } from "../config/cluster.ts"

export class Host {
  readonly address: string
  readonly hostname: string
  readonly weight: number
  readonly ip: string
  readonly port: number
  /** Health-check result; load balancers skip unhealthy hosts. Always true until health checks exist. */
  healthy = true
  /** Requests in flight on this host (for least-request style balancers). */
  activeRequests = 0
  private readonly pools = new Map<string, unknown>()

  constructor(config: HostConfig) {
    const hp = parseHostPort(config.address)!
    this.address = config.address
    this.hostname = config.hostname ?? config.address
    this.weight = config.weight
    this.ip = hp.host
    this.port = hp.port
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
