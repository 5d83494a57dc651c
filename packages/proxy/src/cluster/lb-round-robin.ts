// LB_ROUNDROBIN: random start, then in turn skipping unhealthy hosts; smooth weighted when weights differ.
import type { Host } from "./host.ts"
import type { LoadBalancer } from "./load-balancer.ts"
import { uniformWeights } from "./weights.ts"

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

/** nginx-style smooth weighted round robin: O(hosts) per pick, exact proportions, no bursts. */
class WeightedRoundRobin implements LoadBalancer {
  private readonly hosts: ReadonlyArray<Host>
  private readonly current: Array<number>
  constructor(hosts: ReadonlyArray<Host>) {
    this.hosts = hosts
    this.current = hosts.map(() => 0)
  }
  choose(): Host | undefined {
    let total = 0
    let best = -1
    for (let i = 0; i < this.hosts.length; i++) {
      const h = this.hosts[i]!
      if (!h.healthy || h.weight <= 0) continue
      this.current[i]! += h.weight
      total += h.weight
      if (best === -1 || this.current[i]! > this.current[best]!) best = i
    }
    if (best === -1) return undefined
    this.current[best]! -= total
    return this.hosts[best]
  }
}

export const makeRoundRobin = (hosts: ReadonlyArray<Host>): LoadBalancer =>
  hosts.length > 1 && !uniformWeights(hosts) ? new WeightedRoundRobin(hosts) : new RoundRobin(hosts)
