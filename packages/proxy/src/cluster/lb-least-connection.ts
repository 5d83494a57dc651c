// LB_LEAST_CONNECTION: power of `choice_count` choices by open upstream connections; weight/(conns+1)^bias when weights differ.
//
// MOSN (pkg/upstream/cluster/lb_leastconnection.go, an EdfLoadBalancer like LB_LEAST_REQUEST):
// - load = the host's `UpstreamConnectionActive` stat: connections established and not yet closed,
//   over all of the host's pools (incremented after Connect succeeds, decremented on the close event);
// - equal weights: `choice_count` (default 2) random draws *with* replacement, fewest connections wins;
// - different weights: EDF scheduler on weight / (active_connections + 1)^active_request_bias (the
//   LB_LEAST_REQUEST knob is reused, default 1);
// - the pick is retried up to N times until a healthy host comes out; when every host is unhealthy
//   MOSN returns a random (unhealthy) host.
// Mosaic: the draws are distinct healthy hosts (so a busy host never wins by being drawn twice); the
// weighted mode is smooth weighted round robin on the same effective weight recomputed each pick (same
// proportions as EDF); no healthy host = undefined (503). `Host.activeConnections` is kept by the
// HTTP/1 client and the multiplexed connections of registered protocols: +1 when established, -1 on close.
import type { Host } from "./host.ts"
import type { LbOptions, LoadBalancer } from "./load-balancer.ts"
import { type HostLoad, loadWeighted, PowerOfChoices, WeightedLeast } from "./lb-least-request.ts"
import { uniformWeights } from "./weights.ts"

const connectionsOf: HostLoad = (h) => h.activeConnections

export const makeLeastConnection = (hosts: ReadonlyArray<Host>, options: LbOptions = {}): LoadBalancer =>
  hosts.length > 1 && !uniformWeights(hosts)
    ? new WeightedLeast(hosts, loadWeighted(connectionsOf, options.activeRequestBias ?? 1))
    : new PowerOfChoices(hosts, options.choiceCount ?? 2, options.random ?? Math.random, connectionsOf)
