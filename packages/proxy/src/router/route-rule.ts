// One compiled route: path rule (prefix | path | regex | any), header rules, and its action (cluster choice, rewrites, ops).
import type { HeaderMatcher, HeaderOpsConfig, RetryPolicy, Router } from "../config/router.ts"
import { CompiledHashPolicy } from "./hash-policy.ts"
import { compileHeaderOps, type HeaderOps } from "./header-ops.ts"
import { requestVariable, type RouteRequest } from "./route-request.ts"

const MOSN_DEFAULT_TIMEOUT_MS = 60_000

/** What a matched route does: forward to a cluster, or answer directly. */
export interface RouteAction {
  /** The fixed cluster ("" with cluster_header or weighted_clusters: use `RouteRule.clusterName(req)`). */
  readonly clusterName: string
  readonly timeoutMs: number
  readonly prefixRewrite: string | undefined
  readonly regexRewrite: { readonly pattern: RegExp; readonly substitution: string } | undefined
  readonly hostRewrite: string | undefined
  /** Host header = the chosen upstream host's hostname. */
  readonly autoHostRewrite: boolean
  readonly directResponse: { readonly status: number; readonly body: Uint8Array } | undefined
  /** retry_policy as configured (ms for retry_timeout); undefined when absent. */
  readonly retryPolicy: {
    readonly retryOn: boolean
    readonly retryTimeoutMs: number
    readonly numRetries: number
    readonly statusCodes: ReadonlyArray<number>
    /** Resend non-idempotent requests after a reset / per-try timeout that followed the write. */
    readonly retryNonIdempotent: boolean
  } | undefined
  /** Consistent-hash key source; undefined without hash_policy. */
  readonly hashPolicy: CompiledHashPolicy | undefined
  /** request_mirror_policies. */
  readonly mirror: { readonly cluster: string; readonly percent: number } | undefined
  /** Route, then virtual host, then router-config header operations. */
  readonly requestHeaders: HeaderOps
  readonly responseHeaders: HeaderOps
}

/** What a rule needs from its surroundings. */
export interface RouteRuleContext {
  /** Header operations of the enclosing virtual host and router config (in that order). */
  readonly outerHeaderOps?: ReadonlyArray<HeaderOpsConfig | undefined> | undefined
  /** Uniform [0, 1) for weighted_clusters and mirror sampling; Math.random by default. */
  readonly random?: (() => number) | undefined
}

class HeaderRule {
  readonly name: string
  readonly value: string
  readonly regex: RegExp | undefined
  constructor(m: HeaderMatcher) {
    this.name = m.name.toLowerCase()
    this.value = m.value
    this.regex = m.regex ? new RegExp(m.value) : undefined
  }
  match(req: RouteRequest): boolean {
    const v = requestVariable(req, this.name)
    if (v === undefined) return false
    return this.regex === undefined ? v === this.value : this.regex.test(v)
  }
}

/** Go regexp replacement syntax (`${1}`, `${name}`) to JavaScript's (`$1`, `$<name>`). */
const jsSubstitution = (s: string): string =>
  s.replace(/\$\{(\d+)\}/g, "$$$1").replace(/\$\{([A-Za-z_]\w*)\}/g, "$$<$1>")

/** The literal text every match of an `^`-anchored regex starts with ("" when none can be proven). */
export const regexLiteralPrefix = (source: string): string => {
  if (!source.startsWith("^") || source.includes("|")) return ""
  let out = ""
  for (let i = 1; i < source.length; i++) {
    let c = source[i]!
    let width = 1
    if (c === "\\") {
      const n = source[i + 1]
      if (n === undefined || /[0-9A-Za-z]/.test(n)) break // \d, \w, \b, \1, \u...: not a literal
      c = n
      width = 2
    } else if ("^$.*+?()[]{}".includes(c)) break
    const after = source[i + width]
    if (after === "?" || after === "*" || after === "{") break // this char is optional or repeated
    out += c
    i += width - 1
  }
  return out
}

const K_ANY = 0
const K_PREFIX = 1
const K_PATH = 2
const K_REGEX = 3

const C_NAME = 0
const C_HEADER = 1
const C_WEIGHTED = 2

/** A key every request this rule matches must have; the router's index groups rules by it. */
export type IndexKey =
  | { readonly kind: "path"; readonly value: string }
  | { readonly kind: "header"; readonly name: string; readonly value: string }
  | { readonly kind: "prefix"; readonly value: string }

export class RouteRule {
  readonly action: RouteAction
  /** The matched prefix (for prefix_rewrite) or exact path. */
  readonly pathValue: string
  /** Most selective key for the router's index: exact path > exact header > literal path prefix; undefined = scan. */
  readonly indexKey: IndexKey | undefined
  /** The upstream path differs from the request's (prefix_rewrite or regex_rewrite set). */
  readonly rewritesPath: boolean
  private readonly kind: number
  private readonly regex: RegExp | undefined
  private readonly headers: ReadonlyArray<HeaderRule>
  private readonly clusterKind: number
  private readonly clusterHeader: string
  private readonly weighted: ReadonlyArray<{ readonly name: string; readonly upTo: number }>
  private readonly weightTotal: number
  private readonly random: () => number

  constructor(config: Router, context: RouteRuleContext = {}) {
    const m = config.match
    this.random = context.random ?? Math.random
    // MOSN's priority: prefix, then path, then regex; none of them = an RPC rule (headers only)
    this.kind = m.prefix !== undefined ? K_PREFIX : m.path !== undefined ? K_PATH : m.regex !== undefined ? K_REGEX : K_ANY
    this.pathValue = m.prefix ?? m.path ?? ""
    this.regex = this.kind === K_REGEX ? new RegExp(m.regex!) : undefined
    this.headers = m.headers.map((h) => new HeaderRule(h))
    const route = config.route
    const direct = config.direct_response
    // cluster choice
    let total = 0
    const weightedList = route?.weighted_clusters === undefined
      ? []
      : Array.isArray(route.weighted_clusters)
      ? route.weighted_clusters.map((w) => w.cluster)
      : (route.weighted_clusters as { clusters: ReadonlyArray<{ name: string; weight: number }> }).clusters
    this.weighted = weightedList.filter((c) => c.weight > 0).map((c) => ({ name: c.name, upTo: (total += c.weight) }))
    this.weightTotal = total
    this.clusterKind = route?.cluster_header !== undefined ? C_HEADER : this.weighted.length > 0 ? C_WEIGHTED : C_NAME
    this.clusterHeader = route?.cluster_header?.toLowerCase() ?? ""
    const rr = route?.regex_rewrite
    const retry = route?.retry_policy
    const ops = compileHeaderOps([route, ...(context.outerHeaderOps ?? [])])
    const mirror = config.request_mirror_policies
    this.action = {
      clusterName: route?.cluster_name ?? "",
      timeoutMs: route === undefined || route.timeout <= 0 ? MOSN_DEFAULT_TIMEOUT_MS : route.timeout,
      prefixRewrite: route?.prefix_rewrite,
      regexRewrite: rr === undefined ? undefined : { pattern: new RegExp(rr.pattern.regex, "g"), substitution: jsSubstitution(rr.substitution) },
      hostRewrite: route?.host_rewrite,
      autoHostRewrite: route?.auto_host_rewrite ?? false,
      directResponse: route === undefined && direct !== undefined
        ? { status: direct.status, body: new TextEncoder().encode(direct.body) }
        : undefined,
      retryPolicy: retry === undefined
        ? undefined
        : {
          retryOn: retry.retry_on,
          retryTimeoutMs: retry.retry_timeout,
          numRetries: retry.num_retries,
          statusCodes: retry.status_codes,
          retryNonIdempotent: retry.retry_non_idempotent
        },
      hashPolicy: route === undefined || route.hash_policy.length === 0 ? undefined : new CompiledHashPolicy(route.hash_policy),
      mirror: mirror === undefined || mirror.percent <= 0 ? undefined : { cluster: mirror.cluster, percent: mirror.percent },
      requestHeaders: ops.request,
      responseHeaders: ops.response
    }
    this.rewritesPath = this.action.regexRewrite !== undefined || (this.action.prefixRewrite !== undefined && (this.kind === K_PREFIX || this.kind === K_PATH))
    this.indexKey = this.computeIndexKey(m.headers, m.regex)
  }

  private computeIndexKey(headers: ReadonlyArray<HeaderMatcher>, regex: string | undefined): IndexKey | undefined {
    if (this.kind === K_PATH) return { kind: "path", value: this.pathValue }
    const exact = headers.find((h) => !h.regex)
    if (exact !== undefined) return { kind: "header", name: exact.name.toLowerCase(), value: exact.value }
    const prefix = this.kind === K_PREFIX ? this.pathValue : this.kind === K_REGEX ? regexLiteralPrefix(regex!) : ""
    return prefix.length > 1 ? { kind: "prefix", value: prefix } : undefined
  }

  match(req: RouteRequest): boolean {
    switch (this.kind) {
      case K_PREFIX:
        if (!req.path.startsWith(this.pathValue)) return false
        break
      case K_PATH:
        if (req.path !== this.pathValue) return false
        break
      case K_REGEX:
        if (!this.regex!.test(req.path)) return false
        break
    }
    const headers = this.headers
    for (let i = 0; i < headers.length; i++) if (!headers[i]!.match(req)) return false
    return true
  }

  /** The cluster for this request: the fixed one, the cluster_header value ("" when missing), or a weighted pick. */
  clusterName(req: RouteRequest): string {
    if (this.clusterKind === C_NAME) return this.action.clusterName
    if (this.clusterKind === C_HEADER) return req.header(this.clusterHeader) ?? ""
    const r = this.random() * this.weightTotal
    const w = this.weighted
    for (let i = 0; i < w.length; i++) if (r < w[i]!.upTo) return w[i]!.name
    return w[w.length - 1]!.name
  }

  /** Whether this request is mirrored (request_mirror_policies.percent). */
  sampleMirror(): boolean {
    const m = this.action.mirror
    return m !== undefined && (m.percent >= 100 || this.random() * 100 < m.percent)
  }

  /**
   * The upstream path: prefix_rewrite replaces the matched prefix (the whole path for a `path` rule),
   * then regex_rewrite replaces every match of its pattern.
   */
  rewritePath(path: string): string {
    let out = path
    const to = this.action.prefixRewrite
    if (to !== undefined) {
      if (this.kind === K_PREFIX) out = to + path.slice(this.pathValue.length)
      else if (this.kind === K_PATH) out = to
    }
    const rr = this.action.regexRewrite
    if (rr !== undefined) {
      rr.pattern.lastIndex = 0
      out = out.replace(rr.pattern, rr.substitution)
    }
    return out
  }
}
