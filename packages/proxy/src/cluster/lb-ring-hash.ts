// LB_RINGHASH: a consistent-hash ring (160 points per unit of weight) on the route's hash_policy key.
import { hash32 } from "./hash.ts"
import type { Host } from "./host.ts"
import { HealthyHosts } from "./healthy-hosts.ts"
import type { LbContext, LbOptions, LoadBalancer } from "./load-balancer.ts"

/** Points per unit of weight, and the most points one host gets. */
export const RING_POINTS_PER_WEIGHT = 160
export const RING_MAX_POINTS_PER_HOST = 16_000

/**
 * A host's points depend only on its own address and weight, so adding a host moves only the keys
 * the new host takes, and removing one moves only that host's keys. A key maps to the first point
 * clockwise from its hash; an unhealthy host's keys go on clockwise to the next healthy host.
 */
class RingHash implements LoadBalancer {
  private readonly hosts: ReadonlyArray<Host>
  private readonly points: Uint32Array
  private readonly owners: Int32Array
  private readonly healthy: HealthyHosts
  private readonly random: () => number
  constructor(hosts: ReadonlyArray<Host>, random: () => number) {
    this.hosts = hosts
    this.healthy = new HealthyHosts(hosts)
    this.random = random
    const ring: Array<[number, number]> = []
    hosts.forEach((h, i) => {
      const n = Math.min(RING_MAX_POINTS_PER_HOST, Math.round(RING_POINTS_PER_WEIGHT * h.weight))
      for (let p = 0; p < n; p++) ring.push([hash32(`${h.address}_${p}`), i])
    })
    // ties (rare) broken by address so the order never depends on the host list's order
    ring.sort((a, b) => a[0] - b[0] || (hosts[a[1]]!.address < hosts[b[1]]!.address ? -1 : 1))
    this.points = Uint32Array.from(ring, (r) => r[0])
    this.owners = Int32Array.from(ring, (r) => r[1])
  }
  choose(context: LbContext | undefined): Host | undefined {
    const healthy = this.healthy.get()
    if (healthy.length === 0) return undefined
    const key = context?.hashKey
    if (key === undefined) return healthy[Math.floor(this.random() * healthy.length)]
    const points = this.points
    const h = hash32(key)
    // first point >= h
    let lo = 0
    let hi = points.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (points[mid]! < h) lo = mid + 1
      else hi = mid
    }
    for (let n = 0; n < points.length; n++) {
      const i = lo + n < points.length ? lo + n : lo + n - points.length
      const host = this.hosts[this.owners[i]!]!
      if (host.healthy) return host
    }
    return undefined
  }
}

export const makeRingHash = (hosts: ReadonlyArray<Host>, options: LbOptions = {}): LoadBalancer =>
  new RingHash(hosts, options.random ?? Math.random)
