// Listener config (MOSN field names): address, bind_port, filter_chains with the `proxy` network filter.
import { Effect, Schema } from "effect"
import { parseHostPort } from "@mosaic/transport"

/** Protocols the proxy speaks today; Bolt, Dubbo and HTTP/2 come later. "Auto" upstream = same as downstream. */
export const SUPPORTED_DOWNSTREAM = ["Http1"] as const
export const SUPPORTED_UPSTREAM = ["Http1", "Auto"] as const

const protocol = (supported: ReadonlyArray<string>) =>
  Schema.String.check(Schema.makeFilter((p: string) =>
    supported.some((s) => s.toLowerCase() === p.toLowerCase()) || `one of ${supported.join(", ")} (other protocols are not supported yet)`
  ))

/** The `proxy` network filter's config. */
export const ProxyFilterConfig = Schema.Struct({
  name: Schema.optionalKey(Schema.String),
  downstream_protocol: protocol(SUPPORTED_DOWNSTREAM).pipe(Schema.withDecodingDefault(Effect.succeed("Http1"))),
  upstream_protocol: protocol(SUPPORTED_UPSTREAM).pipe(Schema.withDecodingDefault(Effect.succeed("Auto"))),
  router_config_name: Schema.String
})
export type ProxyFilterConfig = typeof ProxyFilterConfig.Type

/** A network filter: `{ type, config }`; only `proxy` filters are read here, others belong to other plugins. */
export const FilterConfig = Schema.Struct({
  type: Schema.String,
  config: Schema.optionalKey(Schema.Unknown)
})

export const FilterChain = Schema.Struct({
  filters: Schema.Array(FilterConfig).pipe(Schema.withDecodingDefault(Effect.succeed([])))
})

export const Address = Schema.String.check(Schema.makeFilter((a: string) =>
  parseHostPort(a) !== undefined || `an address "host:port"`
))

export const ListenerConfig = Schema.Struct({
  name: Schema.String,
  address: Address,
  /** false: no TCP socket, only the in-process pipe listener (MOSN's Go zero value is false; Mosaic defaults to true). */
  bind_port: Schema.Boolean.pipe(Schema.withDecodingDefault(Effect.succeed(true))),
  /** "ingress" / "egress": informational. */
  type: Schema.String.pipe(Schema.withDecodingDefault(Effect.succeed("ingress"))),
  network: Schema.Literals(["tcp"]).pipe(Schema.withDecodingDefault(Effect.succeed("tcp" as const))),
  filter_chains: Schema.Array(FilterChain).pipe(Schema.withDecodingDefault(Effect.succeed([])))
})
export type ListenerConfig = typeof ListenerConfig.Type
