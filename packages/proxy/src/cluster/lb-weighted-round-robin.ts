// LB_WEIGHTED_ROUNDROBIN: smooth weighted round robin (nginx style): exact proportions, no bursts, unhealthy hosts skipped.
import type { Host } from "./host.ts"
import type { LoadBalancer } from "./load-balancer.ts"

/**
 * Each pick adds every healthy host's weight to its running score, takes the highest score and
 * subtracts the total from it. Over any window of sum(weights) picks each host gets exactly its
 * weight, interleaved (5:1:1 gives a a b a c a a, not a a a a a b c). O(hosts) per pick.
 */
export class WeightedRoundRobin implements LoadBalancer {
  private readonly hosts: ReadonlyArray<Host>
  private readonly current: Array<number>
  constructor(hosts: ReadonlyArray<Host>) {
    this.hosts = hosts
    this.current = hosts.map(() => 0)
  }
  choose(): Host | undefined {
    let total = 0
    let best = -1
    const hosts = this.hosts
    const current = this.current
    for (let i = 0; i < hosts.length; i++) {
      const h = hosts[i]!
      if (!h.healthy || h.weight <= 0) continue
      current[i]! += h.weight
      total += h.weight
      if (best === -1 || current[i]! > current[best]!) best = i
    }
    if (best === -1) return undefined
    current[best]! -= total
    return hosts[best]
  }
}

export const makeWeightedRoundRobin = (hosts: ReadonlyArray<Host>): LoadBalancer => new WeightedRoundRobin(hosts)
