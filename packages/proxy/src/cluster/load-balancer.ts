// The load-balancer contract and the default registry by MOSN lb_type; add more by name.
import type { Host } from "./host.ts"
import { makeLeastRequest } from "./lb-least-request.ts"
import { makeMaglev } from "./lb-maglev.ts"
import { makeRandom } from "./lb-random.ts"
import { makeRingHash } from "./lb-ring-hash.ts"
import { makeRoundRobin } from "./lb-round-robin.ts"
import { makeWeightedRoundRobin } from "./lb-weighted-round-robin.ts"

/** Per-request input a balancer may use. */
export interface LbContext {
  /** Header lookup by lower-case name. */
  header?(lowerName: string): string | undefined
  /** The request's hash key for consistent-hash balancers (from the route's `hash_policy`); absent = none. */
  readonly hashKey?: string | undefined
}

export interface LoadBalancer {
  /** Pick a healthy host; undefined when none. */
  choose(context: LbContext | undefined): Host | undefined
}

/** Cluster settings a balancer may read (MOSN `lbconfig`), and a random source for tests. */
export interface LbOptions {
  /** LB_LEAST_REQUEST: hosts sampled per pick when weights are equal (MOSN `choice_count`, default 2). */
  readonly choiceCount?: number | undefined
  /** LB_LEAST_REQUEST: weight / (active + 1)^bias when weights differ (MOSN `active_request_bias`, default 1). */
  readonly activeRequestBias?: number | undefined
  /** Uniform [0, 1); Math.random by default. */
  readonly random?: (() => number) | undefined
}

/** Builds a balancer over a cluster's fixed host list. */
export type LoadBalancerFactory = (hosts: ReadonlyArray<Host>, options?: LbOptions) => LoadBalancer

/** Balancers by MOSN `lb_type` (LB_RINGHASH is Mosaic's); pass a bigger map to `makeProxy` to add your own. */
export const defaultLoadBalancers: ReadonlyMap<string, LoadBalancerFactory> = new Map<string, LoadBalancerFactory>([
  ["LB_ROUNDROBIN", makeRoundRobin],
  ["LB_RANDOM", makeRandom],
  ["LB_WEIGHTED_ROUNDROBIN", makeWeightedRoundRobin],
  ["LB_LEAST_REQUEST", makeLeastRequest],
  ["LB_MAGLEV", makeMaglev],
  ["LB_RINGHASH", makeRingHash]
])
