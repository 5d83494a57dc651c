// Listener config (MOSN field names): address, bind_port, filter_chains with the `proxy` network filter, protocol names.
import { Effect, Schema } from "effect"
import { parseHostPort } from "@mosaic/transport"
import { autoFilterFields } from "../auto/config.ts"
import { listenerLimitFields } from "./listener-limits.ts"

/**
 * A listener's protocol: `Http1`, `Auto` (detected per connection), MOSN's `X` (the protocol named in
 * `extend_config.sub_protocol`), or any registered `protocol` plugin by name. Names are case-insensitive;
 * registered names are checked when the config is compiled (the registry knows them, the schema does not).
 */
const protocol = Schema.String.check(Schema.makeFilter((p: string) => p.length > 0 || "a protocol name"))

/** MOSN's per-protocol extension block; Mosaic reads `sub_protocol`, other keys (e.g. `{ "bolt": {...} }`) are ignored. */
export const ExtendConfig = Schema.Struct({
  sub_protocol: Schema.optionalKey(Schema.String)
})

/** The `proxy` network filter's config. */
export const ProxyFilterConfig = Schema.Struct({
  name: Schema.optionalKey(Schema.String),
  downstream_protocol: protocol.pipe(Schema.withDecodingDefault(Effect.succeed("Http1"))),
  upstream_protocol: protocol.pipe(Schema.withDecodingDefault(Effect.succeed("Auto"))),
  router_config_name: Schema.String,
  extend_config: Schema.optionalKey(ExtendConfig),
  /** downstream_protocol "Auto" only: detection limits, HTTP/2 hand-off, listener limiters (see src/auto/config.ts). */
  ...autoFilterFields
})
export type ProxyFilterConfig = typeof ProxyFilterConfig.Type

/**
 * What a listener speaks once `X` and `Auto` are resolved: `Http1`, `Auto` (detected per connection,
 * upstream = the detected protocol) or a registered protocol's name, lower-case.
 */
export type ListenerProtocol = string

/**
 * Resolve a proxy filter's protocol names: `X` takes `extend_config.sub_protocol`, `Auto` upstream is the
 * downstream protocol. Whether the names are registered, and whether upstream may differ from downstream
 * (only within a protocol family), is checked against the registered protocols when the config is compiled.
 * Errors name the field (relative to the filter config) and what was expected.
 */
export const resolveProtocols = (
  filter: ProxyFilterConfig
): { downstream: ListenerProtocol; upstream: ListenerProtocol } | { path: string; expected: string } => {
  const sub = filter.extend_config?.sub_protocol
  const named = (value: string, field: string): ListenerProtocol | { path: string; expected: string } => {
    const v = value.toLowerCase()
    if (v === "http1") return "Http1"
    if (v === "auto") return "Auto"
    if (v === "x") {
      const s = sub?.toLowerCase()
      if (s === undefined || s === "") return { path: "extend_config.sub_protocol", expected: `a protocol name for ${field} "X"` }
      if (s === "x" || s === "auto" || s === "http1") return { path: "extend_config.sub_protocol", expected: `a registered protocol's name (got "${sub}")` }
      return s
    }
    return v
  }
  const downstream = named(filter.downstream_protocol, "downstream_protocol")
  if (typeof downstream === "object") return downstream
  if (filter.upstream_protocol.toLowerCase() === "auto") return { downstream, upstream: downstream }
  const upstream = named(filter.upstream_protocol, "upstream_protocol")
  if (typeof upstream === "object") return upstream
  if ((downstream === "Http1" || downstream === "Auto") && upstream !== downstream) {
    return { path: "upstream_protocol", expected: `Auto or the downstream protocol ${downstream} (protocol conversion is not supported; got "${filter.upstream_protocol}")` }
  }
  return { downstream, upstream }
}

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
  filter_chains: Schema.Array(FilterChain).pipe(Schema.withDecodingDefault(Effect.succeed([]))),
  ...listenerLimitFields
})
export type ListenerConfig = typeof ListenerConfig.Type
