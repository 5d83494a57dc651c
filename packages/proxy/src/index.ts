// @mosaic/proxy: MOSN-style proxy core: listeners, routers, clusters, load balancers, upstream pools (HTTP/1.1 built in; other protocols are `protocol` plugins).
// the proxy and its config
export { makeProxy, type MakeProxyOptions, type Proxy, ProxyKind, proxyPlugin } from "./proxy.ts"
export { ProxyConfig } from "./config/proxy-config.ts"
// the built-in plugins, registered by the app beside `proxyPlugin`
export { loadBalancerPlugins } from "./cluster/builtin-load-balancers.ts"
export { hostSourcePlugins } from "./cluster/static-host-source.ts"
export { streamFilterPlugins } from "./stream/filters/builtins.ts"
// plugin kinds and what their plugins build: load balancers, host sources, stream filters
export { type LbContext, type LoadBalancer, type LoadBalancerFactory, LoadBalancerKind } from "./cluster/load-balancer.ts"
export type { Host } from "./cluster/host.ts"
export { type HostSource, HostSourceKind } from "./cluster/host-source.ts"
export { HostConfig } from "./config/cluster.ts"
export { type HeaderMap, type StreamFilter, type StreamFilterHandler, StreamFilterKind, StreamFilterStatus } from "./stream/filter.ts"
export { RATE_LIMIT_VARIABLE } from "./stream/filters/rate-limit.ts"
export { META_VARIABLE } from "./stream/filters/transmeta.ts"
// Auto listeners: the HTTP/2 hand-off (implemented by @mosaic/h2-node) and the pipeline's context types
export { type AutoContext, type AutoMessage, Http2Handoff, type Http2HandoffShape, type Http2Target } from "./auto/index.ts"
