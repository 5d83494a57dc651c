// Router config (MOSN field names): router_config_name, virtual_hosts, routers with match and route.
import { Effect, Schema } from "effect"
import { durationOr } from "./duration.ts"

const RegexText = Schema.String.check(Schema.makeFilter((r: string) => {
  try {
    new RegExp(r)
    return true
  } catch {
    return "a valid regular expression"
  }
}))

/** Match a header (or one of MOSN's request variables x-mosn-method/-path/-host/-querystring). */
export const HeaderMatcher = Schema.Struct({
  name: Schema.String,
  value: Schema.String.pipe(Schema.withDecodingDefault(Effect.succeed(""))),
  /** `value` is a regular expression (matched anywhere, as Go's MatchString). */
  regex: Schema.Boolean.pipe(Schema.withDecodingDefault(Effect.succeed(false)))
})
export type HeaderMatcher = typeof HeaderMatcher.Type

/** One of prefix / path / regex (in that priority), plus headers that must all match. */
export const RouterMatch = Schema.Struct({
  prefix: Schema.optionalKey(Schema.String),
  path: Schema.optionalKey(Schema.String),
  regex: Schema.optionalKey(RegexText),
  headers: Schema.Array(HeaderMatcher).pipe(Schema.withDecodingDefault(Effect.succeed([])))
})
export type RouterMatch = typeof RouterMatch.Type

export const RouteAction = Schema.Struct({
  cluster_name: Schema.String,
  /** Whole-request timeout, waiting for a connection included; 0 means MOSN's default 60 s. */
  timeout: durationOr("60s"),
  prefix_rewrite: Schema.optionalKey(Schema.String),
  host_rewrite: Schema.optionalKey(Schema.String)
})
export type RouteAction = typeof RouteAction.Type

export const DirectResponse = Schema.Struct({
  status: Schema.Int.check(Schema.isBetween({ minimum: 200, maximum: 599 })),
  body: Schema.String.pipe(Schema.withDecodingDefault(Effect.succeed("")))
})

export const Router = Schema.Struct({
  match: RouterMatch.pipe(Schema.withDecodingDefault(Effect.succeed({}))),
  route: Schema.optionalKey(RouteAction),
  direct_response: Schema.optionalKey(DirectResponse)
}).check(Schema.makeFilter((r) => r.route !== undefined || r.direct_response !== undefined || "a route or a direct_response"))
export type Router = typeof Router.Type

export const VirtualHost = Schema.Struct({
  name: Schema.String.pipe(Schema.withDecodingDefault(Effect.succeed(""))),
  /** "*", "example.com", "example.com:8080", "*.example.com". */
  domains: Schema.Array(Schema.String).pipe(Schema.withDecodingDefault(Effect.succeed(["*"]))),
  routers: Schema.Array(Router).pipe(Schema.withDecodingDefault(Effect.succeed([])))
})
export type VirtualHost = typeof VirtualHost.Type

export const RouterConfig = Schema.Struct({
  router_config_name: Schema.String,
  virtual_hosts: Schema.Array(VirtualHost).pipe(Schema.withDecodingDefault(Effect.succeed([])))
})
export type RouterConfig = typeof RouterConfig.Type
