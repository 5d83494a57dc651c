// Router config (MOSN field names): router_config_name, virtual_hosts, routers with match, route / direct_response, mirror, header ops.
import { Effect, Schema } from "effect"
import { Duration, durationOr } from "@mosaic/kernel"

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
}).check(Schema.makeFilter((h) => {
  if (!h.regex) return true
  try {
    new RegExp(h.value)
    return true
  } catch {
    return "a valid regular expression in value"
  }
}))
export type HeaderMatcher = typeof HeaderMatcher.Type

/** One of prefix / path / regex (in that priority), plus headers that must all match. */
export const RouterMatch = Schema.Struct({
  prefix: Schema.optionalKey(Schema.String),
  path: Schema.optionalKey(Schema.String),
  regex: Schema.optionalKey(RegexText),
  headers: Schema.Array(HeaderMatcher).pipe(Schema.withDecodingDefault(Effect.succeed([])))
})
export type RouterMatch = typeof RouterMatch.Type

/** MOSN HeaderValueOption: `{ header: { key, value }, append }`; append (default true) adds, false replaces. */
export const HeaderValueOption = Schema.Struct({
  header: Schema.Struct({ key: Schema.String, value: Schema.String }),
  append: Schema.Boolean.pipe(Schema.withDecodingDefault(Effect.succeed(true)))
})
export type HeaderValueOption = typeof HeaderValueOption.Type

/** request/response headers to add/remove; on a route action, a virtual host or a whole router config. */
export const headerOpsFields = {
  request_headers_to_add: Schema.Array(HeaderValueOption).pipe(Schema.withDecodingDefault(Effect.succeed([]))),
  request_headers_to_remove: Schema.Array(Schema.String).pipe(Schema.withDecodingDefault(Effect.succeed([]))),
  response_headers_to_add: Schema.Array(HeaderValueOption).pipe(Schema.withDecodingDefault(Effect.succeed([]))),
  response_headers_to_remove: Schema.Array(Schema.String).pipe(Schema.withDecodingDefault(Effect.succeed([])))
}
export interface HeaderOpsConfig {
  readonly request_headers_to_add: ReadonlyArray<HeaderValueOption>
  readonly request_headers_to_remove: ReadonlyArray<string>
  readonly response_headers_to_add: ReadonlyArray<HeaderValueOption>
  readonly response_headers_to_remove: ReadonlyArray<string>
}

/** One entry of `hash_policy` (the first entry that yields a key is used). */
export const HashPolicy = Schema.Struct({
  header: Schema.optionalKey(Schema.Struct({ key: Schema.String })),
  cookie: Schema.optionalKey(Schema.Struct({
    name: Schema.String,
    path: Schema.optionalKey(Schema.String),
    ttl: Schema.optionalKey(Duration)
  })),
  source_ip: Schema.optionalKey(Schema.Struct({}))
}).check(Schema.makeFilter((h) =>
  h.header !== undefined || h.cookie !== undefined || h.source_ip !== undefined || "one of header, cookie, source_ip"
))
export type HashPolicy = typeof HashPolicy.Type

/** MOSN retry_policy (plus Mosaic's `retry_non_idempotent`); see the README's "Retries and timeouts". */
export const RetryPolicy = Schema.Struct({
  /** Retry on the statuses below and on connect failure / per-try timeout / reset; false: connect failures only. */
  retry_on: Schema.Boolean.pipe(Schema.withDecodingDefault(Effect.succeed(false))),
  /** Per-try timeout; 0 = none. */
  retry_timeout: durationOr("0"),
  num_retries: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)).pipe(Schema.withDecodingDefault(Effect.succeed(0))),
  status_codes: Schema.Array(Schema.Int).pipe(Schema.withDecodingDefault(Effect.succeed([]))),
  /**
   * Mosaic: also resend requests that are not idempotent after a reset or per-try timeout that came after
   * the request was written (the upstream may have begun to process them). Default false.
   */
  retry_non_idempotent: Schema.Boolean.pipe(Schema.withDecodingDefault(Effect.succeed(false)))
})
export type RetryPolicy = typeof RetryPolicy.Type

const ClusterWeight = Schema.Struct({
  name: Schema.String,
  weight: Schema.Number.check(Schema.isGreaterThanOrEqualTo(0)).pipe(Schema.withDecodingDefault(Effect.succeed(1)))
})
/**
 * MOSN `weighted_clusters: [{ cluster: { name, weight } }]`; Envoy's `{ clusters: [{ name, weight }] }`
 * is accepted too. Decoded to a flat list.
 */
export const WeightedClusters = Schema.Union([
  Schema.Array(Schema.Struct({ cluster: ClusterWeight })),
  Schema.Struct({ clusters: Schema.Array(ClusterWeight) })
]).check(Schema.makeFilter((w) => {
  const list = Array.isArray(w) ? w.map((x) => x.cluster) : (w as { clusters: ReadonlyArray<{ weight: number }> }).clusters
  return (list.length > 0 && list.some((c) => c.weight > 0)) || "at least one cluster with a weight above 0"
}))
export type WeightedClusters = typeof WeightedClusters.Type

export const RouteAction = Schema.Struct({
  /** Exactly one of cluster_name, cluster_header (cluster name taken from a request header), weighted_clusters. */
  cluster_name: Schema.optionalKey(Schema.String),
  cluster_header: Schema.optionalKey(Schema.String),
  weighted_clusters: Schema.optionalKey(WeightedClusters),
  /** Whole-request timeout, waiting for a connection included; 0 means MOSN's default 60 s. */
  timeout: durationOr("60s"),
  retry_policy: Schema.optionalKey(RetryPolicy),
  hash_policy: Schema.Array(HashPolicy).pipe(Schema.withDecodingDefault(Effect.succeed([]))),
  prefix_rewrite: Schema.optionalKey(Schema.String),
  regex_rewrite: Schema.optionalKey(Schema.Struct({
    pattern: Schema.Struct({ regex: RegexText }),
    substitution: Schema.String.pipe(Schema.withDecodingDefault(Effect.succeed("")))
  })),
  host_rewrite: Schema.optionalKey(Schema.String),
  /** Host header = the chosen upstream host's hostname. */
  auto_host_rewrite: Schema.Boolean.pipe(Schema.withDecodingDefault(Effect.succeed(false))),
  ...headerOpsFields
}).check(Schema.makeFilter((a) =>
  [a.cluster_name, a.cluster_header, a.weighted_clusters].filter((x) => x !== undefined).length === 1 ||
  "exactly one of cluster_name, cluster_header, weighted_clusters"
))
export type RouteAction = typeof RouteAction.Type

export const DirectResponse = Schema.Struct({
  status: Schema.Int.check(Schema.isBetween({ minimum: 200, maximum: 599 })),
  body: Schema.String.pipe(Schema.withDecodingDefault(Effect.succeed("")))
})

/** A copy of the request sent fire-and-forget to `cluster` for `percent` % of requests (0..100). */
export const RequestMirrorPolicy = Schema.Struct({
  cluster: Schema.String,
  /** Default 100 (MOSN's Go zero value is 0 = never: set it explicitly in MOSN configs). */
  percent: Schema.Number.check(Schema.isBetween({ minimum: 0, maximum: 100 })).pipe(Schema.withDecodingDefault(Effect.succeed(100)))
})
export type RequestMirrorPolicy = typeof RequestMirrorPolicy.Type

export const Router = Schema.Struct({
  match: RouterMatch.pipe(Schema.withDecodingDefault(Effect.succeed({}))),
  route: Schema.optionalKey(RouteAction),
  direct_response: Schema.optionalKey(DirectResponse),
  request_mirror_policies: Schema.optionalKey(RequestMirrorPolicy)
}).check(Schema.makeFilter((r) => r.route !== undefined || r.direct_response !== undefined || "a route or a direct_response"))
export type Router = typeof Router.Type

export const VirtualHost = Schema.Struct({
  name: Schema.String.pipe(Schema.withDecodingDefault(Effect.succeed(""))),
  /** "*", "example.com", "example.com:8080", "*.example.com". */
  domains: Schema.Array(Schema.String).pipe(Schema.withDecodingDefault(Effect.succeed(["*"]))),
  routers: Schema.Array(Router).pipe(Schema.withDecodingDefault(Effect.succeed([]))),
  ...headerOpsFields
})
export type VirtualHost = typeof VirtualHost.Type

export const RouterConfig = Schema.Struct({
  router_config_name: Schema.String,
  virtual_hosts: Schema.Array(VirtualHost).pipe(Schema.withDecodingDefault(Effect.succeed([]))),
  ...headerOpsFields
})
export type RouterConfig = typeof RouterConfig.Type
