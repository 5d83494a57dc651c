// LB_RANDOM: uniform (or weight-proportional) random pick; falls back to round robin when it hits an unhealthy host.
import type { Host } from "./host.ts"
import type { LoadBalancer } from "./load-balancer.ts"
import { uniformWeights } from "./weights.ts"
import { makeRoundRobin } from "./lb-round-robin.ts"

class Random implements LoadBalancer {
  private readonly hosts: ReadonlyArray<Host>
  /** Cumulative weights when weights differ, else undefined. */
  private readonly cumulative: Array<number> | undefined
  private readonly fallback: LoadBalancer
  constructor(hosts: ReadonlyArray<Host>) {
    this.hosts = hosts
    this.fallback = makeRoundRobin(hosts)
    if (hosts.length > 1 && !uniformWeights(hosts)) {
      let sum = 0
      this.cumulative = hosts.map((h) => (sum += Math.max(0, h.weight)))
    }
  }
  choose(): Host | undefined {
    const hosts = this.hosts
    if (hosts.length === 0) return undefined
    let h: Host
    const cum = this.cumulative
    if (cum === undefined) h = hosts[Math.floor(Math.random() * hosts.length)]!
    else {
      const r = Math.random() * cum[cum.length - 1]!
      let lo = 0
      let hi = cum.length - 1
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (cum[mid]! > r) hi = mid
        else lo = mid + 1
      }
      h = hosts[lo]!
    }
    return h.healthy ? h : this.fallback.choose(undefined)
  }
}

export const makeRandom = (hosts: ReadonlyArray<Host>): LoadBalancer => new Random(hosts)
