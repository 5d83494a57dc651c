// LB_PEAK_EWMA: power of `choice_count` choices by cost = peak-EWMA latency * (active requests + 1)^bias.
//
// MOSN (pkg/upstream/cluster/loadbalancer.go, peakEwmaLoadBalancer; pkg/metrics/ewma/ewma.go):
// - score = duration * (active + 1)^active_request_bias / successRate, where duration is the host's
//   `UpstreamRequestDurationEWMA` (fed by the proxy with each answer's upstream duration), and
//   successRate = (1 - clientErrorRate)^client_error_bias * (1 - serverErrorRate)^server_error_bias,
//   at least 0.1 (error rates from 4xx / 5xx EWMAs); lbconfig knobs choice_count (2),
//   active_request_bias (1), client_error_bias (1), server_error_bias (1);
// - the EWMA is MOSN's metrics EWMA: value = sample * alpha + (1 - alpha)^seconds * value, decaying to
//   0 without samples; alpha is global (`metrics.ewma` {alpha | target, duration}), by default decaying
//   to e^-5 over 30 s (a 6 s time constant); it is not peak-sensitive. There is no `decay` in lbconfig;
// - a host never answered uses the cluster's duration EWMA, else connect_timeout + idle_timeout, else
//   10 s (defaultPeakEwmaDuration);
// - healthy hosts <= choice_count: all are compared (from a random start); otherwise choice_count
//   random draws (with replacement, unhealthy ones skipped; none healthy drawn -> round robin);
//   different weights: EDF on weight / score.
// Mosaic: the Finagle / Linkerd peak EWMA (see peak-ewma.ts: a slower sample replaces the value at
// once, faster ones blend in with time constant lbconfig `decay`, default 10 s, a Mosaic knob), fed
// by the pools with write-to-answer time (performance.now, sub-ms); cost = latency * (active + 1)^bias,
// no error-rate factor (client/server_error_bias are not supported). A host never sampled costs 0
// while it has no request in flight (it gets a first request at once) and 10 s per request in flight
// until its first answer (Finagle's rule, instead of MOSN's cluster average). Draws are distinct
// healthy hosts (all of them when there are <= choice_count); different weights: smooth weighted
// round robin on weight / cost recomputed each pick; no healthy host = undefined.
import type { Host } from "./host.ts"
import { PowerOfChoices, WeightedLeast } from "./lb-least-request.ts"
import type { LbOptions, LoadBalancer } from "./load-balancer.ts"
import { PeakEwma } from "./peak-ewma.ts"
import { uniformWeights } from "./weights.ts"

/** Time constant of the latency average unless lbconfig `decay` says otherwise (Finagle / Linkerd default). */
export const DEFAULT_PEAK_EWMA_DECAY_MS = 10_000
/** Latency charged per request in flight to a host that never answered yet (MOSN's defaultPeakEwmaDuration). */
export const UNSAMPLED_LATENCY_MS = 10_000
/** A latency floor so that the request factor still counts for an estimate decayed to ~0. */
const MIN_LATENCY_MS = 0.001

const monotonicNow = (): number => performance.now()

/** The load-aware cost of `h` at `now`. */
const costOf = (h: Host, now: number, bias: number): number => {
  const l = h.latency!
  const active = h.activeRequests + 1
  const factor = bias === 1 ? active : bias === 0 ? 1 : Math.pow(active, bias)
  if (!l.sampled) return h.activeRequests === 0 ? 0 : UNSAMPLED_LATENCY_MS * factor
  const ms = l.get(now)
  return (ms > MIN_LATENCY_MS ? ms : MIN_LATENCY_MS) * factor
}

/** Gives each host a latency estimate (so the pools start timing its requests) and builds the balancer. */
export const makePeakEwma = (hosts: ReadonlyArray<Host>, options: LbOptions = {}): LoadBalancer => {
  const decay = options.decayMs ?? DEFAULT_PEAK_EWMA_DECAY_MS
  // a host kept across a membership change keeps its estimate
  for (const h of hosts) h.latency ??= new PeakEwma(decay)
  const bias = options.activeRequestBias ?? 1
  const now = options.now ?? monotonicNow
  // equal weights: the cheapest of `choice_count` distinct draws; else smooth weighted round robin on weight / cost
  // (a zero cost, idle and never sampled, counts as the floor: a very large but finite weight)
  return hosts.length > 1 && !uniformWeights(hosts)
    ? new WeightedLeast(hosts, (h) => {
      const c = costOf(h, now(), bias)
      return h.weight / (c > MIN_LATENCY_MS ? c : MIN_LATENCY_MS)
    })
    : new PowerOfChoices(hosts, options.choiceCount ?? 2, options.random ?? Math.random, (h) => costOf(h, now(), bias))
}
