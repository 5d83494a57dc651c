// The proxy plugin's whole config: listeners, routers and the cluster manager (MOSN's shape, flattened), stream filters.
import { Effect, Schema } from "effect"
import { ClusterManagerConfig } from "./cluster.ts"
import { FilterConfig, ListenerConfig } from "./listener.ts"
import { RouterConfig } from "./router.ts"

/** MOSN `stream_filters: [{ type, config }]`: each names a `stream_filter` plugin (built-in or registered). */
export const StreamFilters = Schema.Array(FilterConfig)

/** A proxy listener: MOSN's listener fields plus its `stream_filters` (MOSN puts them on the listener). */
export const ProxyListenerConfig = ListenerConfig.mapFields((fields) => ({
  ...fields,
  /** This listener's stream filters; absent: the top-level `stream_filters`. */
  stream_filters: Schema.optionalKey(StreamFilters)
}))
export type ProxyListenerConfig = typeof ProxyListenerConfig.Type

export const ProxyConfig = Schema.Struct({
  /** Listeners; those without a `proxy` network filter are skipped (they belong to other plugins). */
  listeners: Schema.Array(ProxyListenerConfig).pipe(Schema.withDecodingDefault(Effect.succeed([]))),
  routers: Schema.Array(RouterConfig).pipe(Schema.withDecodingDefault(Effect.succeed([]))),
  cluster_manager: ClusterManagerConfig.pipe(Schema.withDecodingDefault(Effect.succeed({}))),
  /** Stream filters of every proxy listener that has no `stream_filters` of its own. */
  stream_filters: Schema.optionalKey(StreamFilters)
})
export type ProxyConfig = typeof ProxyConfig.Type
export type ProxyConfigInput = typeof ProxyConfig.Encoded
