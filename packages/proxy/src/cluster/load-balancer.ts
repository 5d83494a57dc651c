// The load-balancer contract and the default registry (LB_ROUNDROBIN, LB_RANDOM); add more by name.
import type { Host } from "./host.ts"
import { makeRandom } from "./lb-random.ts"
import { makeRoundRobin } from "./lb-round-robin.ts"

/** Per-request input a balancer may use (hash keys for consistent hashing come with issue 5). */
export interface LbContext {
  /** Header lookup by lower-case name, for hash-based balancers. */
  header?(lowerName: string): string | undefined
}

export interface LoadBalancer {
  /** Pick a healthy host; undefined when none. */
  choose(context: LbContext | undefined): Host | undefined
}

/** Builds a balancer over a cluster's fixed host list. */
export type LoadBalancerFactory = (hosts: ReadonlyArray<Host>) => LoadBalancer

/** Balancers by MOSN `lb_type`; pass a bigger map to `makeProxy` to add your own. */
export const defaultLoadBalancers: ReadonlyMap<string, LoadBalancerFactory> = new Map([
  ["LB_ROUNDROBIN", makeRoundRobin],
  ["LB_RANDOM", makeRandom]
])
