// The proxy plugin's whole config: listeners, routers and the cluster manager (MOSN's shape, flattened).
import { Effect, Schema } from "effect"
import { ClusterManagerConfig } from "./cluster.ts"
import { ListenerConfig } from "./listener.ts"
import { RouterConfig } from "./router.ts"

export const ProxyConfig = Schema.Struct({
  /** Listeners; those without a `proxy` network filter are skipped (they belong to other plugins). */
  listeners: Schema.Array(ListenerConfig).pipe(Schema.withDecodingDefault(Effect.succeed([]))),
  routers: Schema.Array(RouterConfig).pipe(Schema.withDecodingDefault(Effect.succeed([]))),
  cluster_manager: ClusterManagerConfig.pipe(Schema.withDecodingDefault(Effect.succeed({})))
})
export type ProxyConfig = typeof ProxyConfig.Type
export type ProxyConfigInput = typeof ProxyConfig.Encoded
