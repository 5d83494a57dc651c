// LB_LEAST_REQUEST: power of `choice_count` choices by active requests; weighted by weight/(active+1)^bias when weights differ.
import type { Host } from "./host.ts"
import { HealthyHosts } from "./healthy-hosts.ts"
import type { LbOptions, LoadBalancer } from "./load-balancer.ts"
import { uniformWeights } from "./weights.ts"

/** A host's load as a least-X balancer sees it (requests in flight, open connections). */
export type HostLoad = (h: Host) => number

const requestsOf: HostLoad = (h) => h.activeRequests

/** Equal weights: sample `choiceCount` distinct healthy hosts at random, the one with the least load wins (ties: the first drawn). */
export class PowerOfChoices implements LoadBalancer {
  private readonly healthy: HealthyHosts
  private readonly choices: number
  private readonly random: () => number
  private readonly load: HostLoad
  /** Partial Fisher-Yates scratch: any permutation of 0..n-1 is a valid starting state. */
  private perm = new Int32Array(0)
  constructor(hosts: ReadonlyArray<Host>, choices: number, random: () => number, load: HostLoad) {
    this.healthy = new HealthyHosts(hosts)
    this.choices = Math.max(1, choices)
    this.random = random
    this.load = load
  }
  choose(): Host | undefined {
    const hosts = this.healthy.get()
    const n = hosts.length
    if (n <= 1) return hosts[0]
    let perm = this.perm
    if (perm.length !== n) perm = this.perm = Int32Array.from({ length: n }, (_, i) => i)
    const k = Math.min(this.choices, n)
    const load = this.load
    let best: Host | undefined
    let bestLoad = 0
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(this.random() * (n - i))
      const pick = perm[j]!
      perm[j] = perm[i]!
      perm[i] = pick
      const h = hosts[pick]!
      const l = load(h)
      if (best === undefined || l < bestLoad) {
        best = h
        bestLoad = l
      }
    }
    return best
  }
}

/**
 * Different weights: smooth weighted round robin whose weights are recomputed on every pick by
 * `effective` (least request: weight / (active + 1)^bias; MOSN uses an EDF scheduler on the same
 * effective weight). Idle hosts get exactly their configured proportions; busy ones lose share as
 * their load piles up.
 */
export class WeightedLeast implements LoadBalancer {
  private readonly hosts: ReadonlyArray<Host>
  private readonly current: Array<number>
  private readonly effective: (h: Host) => number
  constructor(hosts: ReadonlyArray<Host>, effective: (h: Host) => number) {
    this.hosts = hosts
    this.current = hosts.map(() => 0)
    this.effective = effective
  }
  choose(): Host | undefined {
    const hosts = this.hosts
    const current = this.current
    let total = 0
    let best = -1
    for (let i = 0; i < hosts.length; i++) {
      const h = hosts[i]!
      if (!h.healthy || h.weight <= 0) continue
      const w = this.effective(h)
      current[i]! += w
      total += w
      if (best === -1 || current[i]! > current[best]!) best = i
    }
    if (best === -1) return undefined
    current[best]! -= total
    return hosts[best]
  }
}

/** weight / (load + 1)^bias. */
export const loadWeighted = (load: HostLoad, bias: number) => (h: Host): number => {
  const active = load(h) + 1
  return h.weight / (bias === 1 ? active : bias === 0 ? 1 : Math.pow(active, bias))
}

export const makeLeastRequest = (hosts: ReadonlyArray<Host>, options: LbOptions = {}): LoadBalancer =>
  hosts.length > 1 && !uniformWeights(hosts)
    ? new WeightedLeast(hosts, loadWeighted(requestsOf, options.activeRequestBias ?? 1))
    : new PowerOfChoices(hosts, options.choiceCount ?? 2, options.random ?? Math.random, requestsOf)
