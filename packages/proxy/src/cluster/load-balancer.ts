// The load-balancer contract: what a balancer picks from, its per-request input, and the `load_balancer` plugin kind.
import { type ConfigError, kind } from "@mosaic/kernel"
import type { Host } from "./host.ts"

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

/**
 * A built-in balancer's constructor: a host list plus the cluster's `lbconfig` knobs (and, in tests, a random
 * source and a clock).
 */
export type BalancerMaker = (hosts: ReadonlyArray<Host>, options?: LbOptions) => LoadBalancer

/**
 * What a `load_balancer` plugin builds from its config (the cluster's `lbconfig`): a balancer over a host
 * list. It runs when the cluster is built and again with the new list whenever the cluster's host source
 * changes membership, never per request.
 */
export type LoadBalancerFactory = (hosts: ReadonlyArray<Host>) => LoadBalancer

/** The plugin kind of load balancers, named by a cluster's `lb_type`: `definePlugin(LoadBalancerKind, { name, config, make })`. */
export const LoadBalancerKind = kind<LoadBalancerFactory, ConfigError>("load_balancer")
