// Protocol-agnostic host choice for one request: route's cluster, circuit breaker admission, balancer pick (with hash key).
import type { ProxyErrorReason } from "../errors.ts"
import type { RouteRequest } from "../router/route-request.ts"
import type { RouteRule } from "../router/route-rule.ts"
import type { Cluster, ClusterManager } from "./cluster.ts"
import type { Host } from "./host.ts"
import type { LbContext } from "./load-balancer.ts"

/** A request admitted to a cluster and bound to a host; give it back with `releaseUpstream` exactly once. */
export interface UpstreamChoice {
  readonly cluster: Cluster
  readonly host: Host
}

/** Why no host: UnknownCluster 503, Overflow (circuit breaker max_requests) 503, NoHealthyHost 503. */
export type UpstreamRefusal = Extract<ProxyErrorReason, "UnknownCluster" | "Overflow" | "NoHealthyHost">

/**
 * Admit a request to cluster `clusterName` (circuit breaker `max_requests`) and pick its host. The
 * request counts in the cluster's breaker and the host's `activeRequests` until `releaseUpstream`.
 */
export const admitToCluster = (
  clusters: ClusterManager,
  clusterName: string,
  context: LbContext | undefined
): UpstreamChoice | UpstreamRefusal => {
  const cluster = clusters.get(clusterName)
  if (cluster === undefined) return "UnknownCluster"
  if (!cluster.breaker.tryRequest()) return "Overflow"
  const host = cluster.lb.choose(context)
  if (host === undefined) {
    cluster.breaker.endRequest()
    return "NoHealthyHost"
  }
  host.activeRequests++
  return { cluster, host }
}

/** The balancer's view of a request: header lookup (for custom balancers) and the route's hash key. */
class RequestLbContext implements LbContext {
  readonly hashKey: string | undefined
  private readonly req: RouteRequest
  constructor(req: RouteRequest, hashKey: string | undefined) {
    this.req = req
    this.hashKey = hashKey
  }
  header(lowerName: string): string | undefined {
    return this.req.header(lowerName)
  }
}

/** The balancer input of a request on `rule`: its hash key when the route has a hash_policy. */
export const lbContextFor = (rule: RouteRule, req: RouteRequest, sourceAddress: string): LbContext =>
  new RequestLbContext(req, rule.action.hashPolicy?.key(req, sourceAddress))

/** The route's cluster for this request (cluster_name, cluster_header or weighted_clusters), admitted, with a host. */
export const selectUpstream = (
  clusters: ClusterManager,
  rule: RouteRule,
  req: RouteRequest,
  sourceAddress: string
): UpstreamChoice | UpstreamRefusal => admitToCluster(clusters, rule.clusterName(req), lbContextFor(rule, req, sourceAddress))

/** The request is over: free its breaker slot and its count on the host. */
export const releaseUpstream = (choice: UpstreamChoice): void => {
  choice.host.activeRequests--
  choice.cluster.breaker.endRequest()
}

/** MOSN tries up to 3 balancer picks per host choice (maxHostsCounts). */
const RETRY_PICKS = 3

const moveTo = (choice: UpstreamChoice, host: Host): UpstreamChoice => {
  choice.host.activeRequests--
  host.activeRequests++
  return { cluster: choice.cluster, host }
}

/**
 * The host for a retry of an admitted request (same cluster; its breaker slot is kept): a balancer pick
 * not in `tried` (up to 3 picks; `chooseAfter` the host tried last, when the balancer has it), else the first healthy host not in `tried` in config order, else the
 * balancer's pick again (a cluster with one healthy host retries on it). Undefined when no host is healthy.
 */
export const retryHost = (choice: UpstreamChoice, context: LbContext | undefined, tried: ReadonlyArray<Host>): UpstreamChoice | undefined => {
  const cluster = choice.cluster
  const lb = cluster.lb
  let again: Host | undefined
  let previous = choice.host
  for (let i = 0; i < RETRY_PICKS; i++) {
    const h = lb.chooseAfter !== undefined ? lb.chooseAfter(context, previous) : lb.choose(context)
    if (h === undefined) break
    previous = h
    if (!tried.includes(h)) return moveTo(choice, h)
    again ??= h
  }
  for (const h of cluster.hosts) if (h.healthy && !tried.includes(h)) return moveTo(choice, h)
  return again === undefined ? undefined : again === choice.host ? choice : moveTo(choice, again)
}
