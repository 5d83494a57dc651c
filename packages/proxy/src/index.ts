// @mosaic/proxy: MOSN-style proxy core: listeners, routers, clusters, load balancers, upstream pools (HTTP/1.1).
export { makeProxy, type MakeProxyOptions, type Proxy, ProxyKind, proxyPlugin } from "./proxy.ts"
export { ProxyStats } from "./context.ts"
export { ProxyError, type ProxyErrorReason, proxyErrorStatus } from "./errors.ts"
// config schemas (MOSN field names), reusable by config front ends
export { ProxyConfig, type ProxyConfigInput } from "./config/proxy-config.ts"
export {
  Address,
  FilterChain,
  FilterConfig,
  ListenerConfig,
  ProxyFilterConfig,
  SUPPORTED_DOWNSTREAM,
  SUPPORTED_UPSTREAM
} from "./config/listener.ts"
export { DirectResponse, HeaderMatcher, RouteAction, Router, RouterConfig, RouterMatch, VirtualHost } from "./config/router.ts"
export { CLUSTER_TYPES, ClusterConfig, ClusterManagerConfig, HostConfig, Thresholds } from "./config/cluster.ts"
export { Duration, parseDuration } from "./config/duration.ts"
// extension points
export { defaultLoadBalancers, type LbContext, type LoadBalancer, type LoadBalancerFactory } from "./cluster/load-balancer.ts"
export { Host } from "./cluster/host.ts"
export type { RouteRequest } from "./router/route-request.ts"
