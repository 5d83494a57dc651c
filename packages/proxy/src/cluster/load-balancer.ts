// The load-balancer contract and the default registry by MOSN lb_type; add more by name.
import type { Host } from "./host.ts"
import { makeLeastConnection } from "./lb-least-connection.ts"
import { makeLeastRequest } from "./lb-least-request.ts"
import { makeMaglev } from "./lb-maglev.ts"
import { makePeakEwma } from "./lb-peak-ewma.ts"
import { makeRandom } from "./lb-random.ts"
import { makeRingHash } from "./lb-ring-hash.ts"
import { makeRequestRoundRobin } from "./lb-request-round-robin.ts"
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
  /**
   * Optional: the pick for another try of a request last sent to `previous` (retries). Balancers that
   * keep a per-request position (LB_REQUEST_ROUNDROBIN) resume after it; others just `choose`.
   */
  chooseAfter?(context: LbContext | undefined, previous: Host): Host | undefined
}

/** Cluster settings a balancer may read (MOSN `lbconfig`), and a random source for tests. */
export interface LbOptions {
  /** LB_LEAST_REQUEST / LB_LEAST_CONNECTION / LB_PEAK_EWMA: hosts sampled per pick when weights are equal (MOSN `choice_count`, default 2). */
  readonly choiceCount?: number | undefined
  /**
   * LB_LEAST_REQUEST: weight / (active + 1)^bias when weights differ; LB_LEAST_CONNECTION: the same on
   * open connections; LB_PEAK_EWMA: cost = latency * (active + 1)^bias (MOSN `active_request_bias`, default 1).
   */
  readonly activeRequestBias?: number | undefined
  /** LB_PEAK_EWMA: time constant of the latency average, ms (lbconfig `decay`, a Mosaic knob; default 10 s). */
  readonly decayMs?: number | undefined
  /** Uniform [0, 1); Math.random by default. */
  readonly random?: (() => number) | undefined
  /** LB_PEAK_EWMA: the clock of the latency samples (ms); performance.now by default (the pools use it too). */
  readonly now?: (() => number) | undefined
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
  ["LB_RINGHASH", makeRingHash],
  ["LB_REQUEST_ROUNDROBIN", makeRequestRoundRobin],
  ["LB_LEAST_CONNECTION", makeLeastConnection],
  ["LB_PEAK_EWMA", makePeakEwma]
])
