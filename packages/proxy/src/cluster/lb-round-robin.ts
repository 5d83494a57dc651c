// LB_ROUNDROBIN: random start, then in turn skipping unhealthy hosts; smooth weighted when weights differ.
import type { Host } from "./host.ts"
import type { LoadBalancer } from "./load-balancer.ts"
import { uniformWeights } from "./weights.ts"
import { WeightedRoundRobin } from "./lb-weighted-round-robin.ts"

class RoundRobin implements LoadBalancer {
  private readonly hosts: ReadonlyArray<Host>
  private next: number
  constructor(hosts: ReadonlyArray<Host>) {
    this.hosts = hosts
    this.next = Math.floor(Math.random() * Math.max(1, hosts.length))
  }
  choose(): Host | undefined {
    const hosts = this.hosts
    const n = hosts.length
    for (let tries = 0; tries < n; tries++) {
      const h = hosts[this.next]!
      this.next = this.next + 1 === n ? 0 : this.next + 1
      if (h.healthy) return h
    }
    return undefined
  }
}

export const makeRoundRobin = (hosts: ReadonlyArray<Host>): LoadBalancer =>
  hosts.length > 1 && !uniformWeights(hosts) ? new WeightedRoundRobin(hosts) : new RoundRobin(hosts)
