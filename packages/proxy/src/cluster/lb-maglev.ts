// LB_MAGLEV: Maglev consistent hashing (lookup table of 65537 entries) on the route's hash_policy key.
import { hash32 } from "./hash.ts"
import type { Host } from "./host.ts"
import { HealthyHosts } from "./healthy-hosts.ts"
import type { LbContext, LbOptions, LoadBalancer } from "./load-balancer.ts"

/** Table size: a prime, so every skip value walks the whole table (MOSN's go-maglev SmallM is 65537 too). */
export const MAGLEV_TABLE_SIZE = 65537

/**
 * The Maglev table: each host walks its own permutation of the slots (offset and skip from two hashes
 * of its address) and claims the next free slot in turn; heavier hosts take more turns (a host of
 * weight w claims w/max(weight) slots per round). Adding or removing one host of N moves about 1/N of
 * the keys, plus a small disruption elsewhere.
 */
export const buildMaglevTable = (hosts: ReadonlyArray<Host>, size = MAGLEV_TABLE_SIZE): Int32Array => {
  const table = new Int32Array(size).fill(-1)
  // claim order by address, so the table does not depend on the order hosts are listed in
  const live = hosts.map((h, i) => ({ i, w: h.weight })).filter((x) => x.w > 0)
    .sort((a, b) => (hosts[a.i]!.address < hosts[b.i]!.address ? -1 : hosts[a.i]!.address > hosts[b.i]!.address ? 1 : 0))
  if (live.length === 0) return table
  const maxW = Math.max(...live.map((x) => x.w))
  const offset = live.map((x) => hash32(hosts[x.i]!.address, 0x9e3779b9) % size)
  const skip = live.map((x) => (hash32(hosts[x.i]!.address, 0x85ebca6b) % (size - 1)) + 1)
  const next = live.map(() => 0)
  const credit = live.map(() => 0)
  let filled = 0
  while (true) {
    for (let k = 0; k < live.length; k++) {
      credit[k]! += live[k]!.w / maxW
      if (credit[k]! < 1) continue
      credit[k]! -= 1
      let slot: number
      do {
        slot = (offset[k]! + next[k]! * skip[k]!) % size
        next[k]!++
      } while (table[slot] !== -1)
      table[slot] = live[k]!.i
      if (++filled === size) return table
    }
  }
}

class Maglev implements LoadBalancer {
  private readonly hosts: ReadonlyArray<Host>
  private readonly table: Int32Array
  private readonly healthy: HealthyHosts
  private readonly random: () => number
  constructor(hosts: ReadonlyArray<Host>, random: () => number) {
    this.hosts = hosts
    this.table = buildMaglevTable(hosts)
    this.healthy = new HealthyHosts(hosts)
    this.random = random
  }
  choose(context: LbContext | undefined): Host | undefined {
    const healthy = this.healthy.get()
    if (healthy.length === 0) return undefined
    const key = context?.hashKey
    // no key (no hash_policy, or the header is missing): any healthy host
    if (key === undefined) return healthy[Math.floor(this.random() * healthy.length)]
    const table = this.table
    let slot = hash32(key) % table.length
    // an unhealthy host's keys walk forward to the next slots (MOSN does the same); other keys stay put
    for (let n = 0; n < table.length; n++) {
      const h = this.hosts[table[slot]!]
      if (h !== undefined && h.healthy) return h
      slot = slot + 1 === table.length ? 0 : slot + 1
    }
    return undefined
  }
}

export const makeMaglev = (hosts: ReadonlyArray<Host>, options: LbOptions = {}): LoadBalancer =>
  new Maglev(hosts, options.random ?? Math.random)
