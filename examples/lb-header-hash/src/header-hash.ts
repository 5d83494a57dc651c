// LB_HEADER_HASH: a `load_balancer` plugin; requests with the same value of one header go to the same healthy host.
//
// Weighted rendezvous hashing (highest random weight): every host scores the key, the best score wins. A host
// that leaves or turns unhealthy moves only its own keys; a host that joins takes only the keys it wins.
// Requests without the header go round robin over the healthy hosts.
import { Effect, Schema } from "effect"
import { definePlugin } from "@mosaic/kernel"
import { type Host, type LbContext, type LoadBalancer, LoadBalancerKind } from "@mosaic/proxy"

/** The cluster's `lbconfig`: `{ "header": "x-user" }`. */
export const HeaderHashConfig = Schema.Struct({
  /** The request header whose value is the key (HTTP header, or an RPC protocol's header such as `service`). */
  header: Schema.String.check(Schema.isMinLength(1))
})
export type HeaderHashConfig = typeof HeaderHashConfig.Type

/** FNV-1a over the UTF-16 code units of `s`. */
const fnv1a = (s: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/** A 32-bit finalizer: spreads `key` mixed with a host's seed over [0, 2^32). */
const mix = (x: number): number => {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b)
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35)
  return (x ^ (x >>> 16)) >>> 0
}

class HeaderHash implements LoadBalancer {
  private readonly hosts: ReadonlyArray<Host>
  private readonly seeds: Uint32Array
  private readonly header: string
  private next = 0
  constructor(hosts: ReadonlyArray<Host>, header: string) {
    this.hosts = hosts
    // a host's seed depends on its address only, so its score for a key is the same in every host list
    this.seeds = Uint32Array.from(hosts, (h) => fnv1a(h.address))
    this.header = header
  }
  choose(context: LbContext | undefined): Host | undefined {
    const hosts = this.hosts
    const value = context?.header?.(this.header)
    if (value === undefined) {
      for (let tries = 0; tries < hosts.length; tries++) {
        const h = hosts[this.next]!
        this.next = this.next + 1 >= hosts.length ? 0 : this.next + 1
        if (h.healthy) return h
      }
      return undefined
    }
    const key = fnv1a(value)
    let best: Host | undefined
    let bestScore = -Infinity
    for (let i = 0; i < hosts.length; i++) {
      const h = hosts[i]!
      if (!h.healthy || h.weight <= 0) continue
      // u in (0, 1); -weight / ln(u) gives each host keys in proportion to its weight
      const u = (mix(key ^ this.seeds[i]!) + 0.5) / 4294967296
      const score = -h.weight / Math.log(u)
      if (score > bestScore) {
        bestScore = score
        best = h
      }
    }
    return best
  }
}

/** The balancer over `hosts`, keyed by the lower-cased `header`. */
export const makeHeaderHash = (hosts: ReadonlyArray<Host>, header: string): LoadBalancer => new HeaderHash(hosts, header.toLowerCase())

export const headerHashPlugin = definePlugin(LoadBalancerKind, {
  name: "LB_HEADER_HASH",
  description: "same header value, same host (weighted rendezvous hashing); round robin without the header",
  config: HeaderHashConfig,
  // runs once per cluster when the config is compiled; the factory runs again only when membership changes
  make: (config: HeaderHashConfig) => Effect.succeed((hosts: ReadonlyArray<Host>) => makeHeaderHash(hosts, config.header))
})
