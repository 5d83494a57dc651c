// One compiled route: path rule (prefix | path | regex | any), header rules, and its action.
import type { HeaderMatcher, Router } from "../config/router.ts"
import { requestVariable, type RouteRequest } from "./route-request.ts"

const MOSN_DEFAULT_TIMEOUT_MS = 60_000

/** What a matched route does: forward to a cluster, or answer directly. */
export interface RouteAction {
  readonly clusterName: string
  readonly timeoutMs: number
  readonly prefixRewrite: string | undefined
  readonly hostRewrite: string | undefined
  readonly directResponse: { readonly status: number; readonly body: Uint8Array } | undefined
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

const K_ANY = 0
const K_PREFIX = 1
const K_PATH = 2
const K_REGEX = 3

export class RouteRule {
  readonly action: RouteAction
  /** The matched prefix (for prefix_rewrite) or exact path. */
  readonly pathValue: string
  private readonly kind: number
  private readonly regex: RegExp | undefined
  private readonly headers: ReadonlyArray<HeaderRule>

  constructor(config: Router) {
    const m = config.match
    // MOSN's priority: prefix, then path, then regex; none of them = an RPC rule (headers only)
    this.kind = m.prefix !== undefined ? K_PREFIX : m.path !== undefined ? K_PATH : m.regex !== undefined ? K_REGEX : K_ANY
    this.pathValue = m.prefix ?? m.path ?? ""
    this.regex = this.kind === K_REGEX ? new RegExp(m.regex!) : undefined
    this.headers = m.headers.map((h) => new HeaderRule(h))
    const route = config.route
    const direct = config.direct_response
    this.action = {
      clusterName: route?.cluster_name ?? "",
      timeoutMs: route === undefined || route.timeout <= 0 ? MOSN_DEFAULT_TIMEOUT_MS : route.timeout,
      prefixRewrite: route?.prefix_rewrite,
      hostRewrite: route?.host_rewrite,
      directResponse: route === undefined && direct !== undefined
        ? { status: direct.status, body: new TextEncoder().encode(direct.body) }
        : undefined
    }
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

  /** The upstream path after prefix_rewrite (the whole path for a `path` rule). */
  rewritePath(path: string): string {
    const to = this.action.prefixRewrite
    if (to === undefined) return path
    if (this.kind === K_PREFIX) return to + path.slice(this.pathValue.length)
    if (this.kind === K_PATH) return to
    return path
  }
}
