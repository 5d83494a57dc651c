// @mosaic/proxy: MOSN-style proxy core: listeners, routers, clusters, load balancers, upstream pools (HTTP/1.1, Bolt, Dubbo).
export { makeProxy, type MakeProxyOptions, type Proxy, ProxyKind, proxyPlugin } from "./proxy.ts"
export { ProxyStats } from "./context.ts"
export { ProxyError, type ProxyErrorReason, proxyErrorStatus } from "./errors.ts"
// config schemas (MOSN field names), reusable by config front ends
export { ProxyConfig, type ProxyConfigInput, ProxyListenerConfig, StreamFilters } from "./config/proxy-config.ts"
export {
  Address,
  ExtendConfig,
  FilterChain,
  FilterConfig,
  ListenerConfig,
  type ListenerProtocol,
  ProxyFilterConfig,
  resolveProtocols,
  SUPPORTED_DOWNSTREAM,
  SUPPORTED_UPSTREAM,
  X_SUB_PROTOCOLS
} from "./config/listener.ts"
export type { UpstreamHeartbeat, XProtocolOptions } from "./xprotocol/context.ts"
export {
  DirectResponse,
  HashPolicy,
  HeaderMatcher,
  HeaderValueOption,
  RequestMirrorPolicy,
  RetryPolicy,
  RouteAction,
  Router,
  RouterConfig,
  RouterMatch,
  VirtualHost,
  WeightedClusters
} from "./config/router.ts"
export {
  CLUSTER_TYPES,
  ClusterConfig,
  ClusterManagerConfig,
  HEALTH_CHECK_PROTOCOLS,
  HealthCheckConfig,
  HostConfig,
  HttpCheckConfig,
  LbConfig,
  Thresholds
} from "./config/cluster.ts"
export { Duration, parseDuration } from "./config/duration.ts"
// extension points
export {
  defaultLoadBalancers,
  type LbContext,
  type LbOptions,
  type LoadBalancer,
  type LoadBalancerFactory
} from "./cluster/load-balancer.ts"
export { Host } from "./cluster/host.ts"
export { CircuitBreaker } from "./cluster/circuit-breaker.ts"
export {
  admitToCluster,
  releaseUpstream,
  selectUpstream,
  type UpstreamChoice,
  type UpstreamRefusal
} from "./cluster/select-upstream.ts"
export type { HealthChecker, HealthCheckSession } from "./cluster/health/health-checker.ts"
export { healthCheckerFor } from "./cluster/health/start-health-checks.ts"
export type { RouteRequest } from "./router/route-request.ts"
export {
  AUTO_PROTOCOLS, type AutoAccept, type AutoContext, type AutoMessage, type AutoListenerDeps, DetectConfig, Http2Config, Http2Handoff, type Http2HandoffShape,
  type Http2Target, LimitsConfig, createMetaHandler, makeAutoAccept
} from "./auto/index.ts"
export { TTHeaderProtocol } from "./xprotocol/ttheader.ts"
// stream phases, stream filters (plugin kind `stream_filter`), retries and timeouts
export { Phase, PHASE_NAMES, type PhaseName } from "./stream/phase.ts"
export {
  type HeaderMap,
  STREAM_FILTER_STAGES,
  type StreamFilter,
  type StreamFilterHandler,
  StreamFilterKind,
  type StreamFilterStage,
  StreamFilterStatus
} from "./stream/filter.ts"
export { GLOBAL_TIMEOUT_HEADER, headerMs, TRY_TIMEOUT_HEADER } from "./stream/timeouts.ts"
export { builtinStreamFilters } from "./stream/filters/builtins.ts"
export { FaultConfig, faultFilter, faultInjectPlugin, faultPlugin } from "./stream/filters/fault.ts"
export {
  RATE_LIMIT_VARIABLE,
  type RateLimitDecision,
  RateLimitConfig,
  RateLimiter,
  rateLimitFilter,
  rateLimitPlugin,
  TokenBucket
} from "./stream/filters/rate-limit.ts"
export { HeaderFilterConfig, headerFilter, headerPlugin } from "./stream/filters/header.ts"
export { META_VARIABLE, TransmetaFilterConfig, transmetaFilter, transmetaPlugin } from "./stream/filters/transmeta.ts"
export { retryHost } from "./cluster/select-upstream.ts"
export type { RouteRule } from "./router/route-rule.ts"
