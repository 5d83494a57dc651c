// The built-in balancers by MOSN `lb_type` (LB_RINGHASH is Mosaic's), each a `load_balancer` plugin reading the cluster's `lbconfig`.
import { Effect } from "effect"
import { definePlugin, type Plugin } from "@mosaic/kernel"
import { LbConfig } from "../config/cluster.ts"
import { makeLeastConnection } from "./lb-least-connection.ts"
import { makeLeastRequest } from "./lb-least-request.ts"
import { makeMaglev } from "./lb-maglev.ts"
import { makePeakEwma } from "./lb-peak-ewma.ts"
import { makeRandom } from "./lb-random.ts"
import { makeRingHash } from "./lb-ring-hash.ts"
import { makeRequestRoundRobin } from "./lb-request-round-robin.ts"
import { makeRoundRobin } from "./lb-round-robin.ts"
import { makeWeightedRoundRobin } from "./lb-weighted-round-robin.ts"
import { type BalancerMaker, type LoadBalancerFactory, LoadBalancerKind } from "./load-balancer.ts"

/** The built-in balancers' constructors by `lb_type` (tests call them with a fixed random source). */
export const builtinBalancers: ReadonlyMap<string, BalancerMaker> = new Map<string, BalancerMaker>([
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

const descriptions: Readonly<Record<string, string>> = {
  LB_ROUNDROBIN: "in turn from a random start (smooth weighted when weights differ)",
  LB_RANDOM: "uniform or weight-proportional random, round robin after an unhealthy pick",
  LB_WEIGHTED_ROUNDROBIN: "smooth weighted round robin",
  LB_LEAST_REQUEST: "fewest requests in flight among choice_count random hosts (weight / (active + 1)^bias when weights differ)",
  LB_MAGLEV: "Maglev consistent hashing on the route's hash_policy key",
  LB_RINGHASH: "consistent-hash ring on the route's hash_policy key",
  LB_REQUEST_ROUNDROBIN: "first healthy host in config order; each retry goes to the next one",
  LB_LEAST_CONNECTION: "fewest open upstream connections among choice_count random hosts",
  LB_PEAK_EWMA: "cheapest of choice_count random hosts by peak-EWMA latency x (active + 1)^bias"
}

/** The balancer `make` binds to a cluster's decoded `lbconfig`. */
export const balancerFactory = (make: BalancerMaker, config: LbConfig): LoadBalancerFactory => {
  const options = { choiceCount: config.choice_count, activeRequestBias: config.active_request_bias, decayMs: config.decay }
  return (hosts) => make(hosts, options)
}

/** One `load_balancer` plugin per built-in balancer; an app registers them (the sidecar does). */
export const loadBalancerPlugins: ReadonlyArray<Plugin<LbConfig, LoadBalancerFactory>> = [...builtinBalancers].map(([name, make]) =>
  definePlugin(LoadBalancerKind, {
    name,
    description: descriptions[name] ?? name,
    config: LbConfig,
    make: (config: LbConfig) => Effect.succeed(balancerFactory(make, config))
  })
)
