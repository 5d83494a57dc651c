// A before_invoke filter `tenant`: every call leaves with a tenant header (set by config) unless the caller sent one.
import { Effect, Schema } from "effect"
import { definePlugin } from "@mosaic/kernel"
import { BeforeInvokeKind, type RpcRequest } from "@mosaic/rpc"

/** The filter's config, as it appears under `before_invoke[i].config`; defaults live in the schema. */
export const TenantConfig = Schema.Struct({
  /** The tenant to stamp on calls. */
  value: Schema.String,
  /** The header that carries it (lower case on the wire). */
  header: Schema.String.pipe(Schema.withDecodingDefault(Effect.succeed("x-tenant"))),
  /** Replace a tenant the caller sent (default: keep it). */
  overwrite: Schema.Boolean.pipe(Schema.withDecodingDefault(Effect.succeed(false)))
})
export type TenantConfig = typeof TenantConfig.Type

/** The filter itself: plain code, run once per call before the channel. */
export const tenantFilter = (config: TenantConfig) => {
  const header = config.header.toLowerCase()
  return (request: RpcRequest): RpcRequest => {
    if (config.overwrite || request.header[header] === undefined) request.header[header] = config.value
    return request
  }
}

export const tenantPlugin = definePlugin(BeforeInvokeKind, {
  name: "tenant",
  description: "stamp a tenant header on every call that has none",
  config: TenantConfig,
  make: (config) => Effect.sync(() => tenantFilter(config))
})
