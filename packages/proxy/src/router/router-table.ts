// A compiled router config: virtual host by Host (exact > wildcard suffix > "*"), first matching route wins (indexed).
import type { RouterConfig } from "../config/router.ts"
import { INDEX_MIN_RULES, RouteIndex } from "./route-index.ts"
import type { RouteRequest } from "./route-request.ts"
import { RouteRule } from "./route-rule.ts"

export class VirtualHostTable {
  readonly name: string
  readonly rules: ReadonlyArray<RouteRule>
  private readonly index: RouteIndex | undefined
  constructor(name: string, rules: ReadonlyArray<RouteRule>) {
    this.name = name
    this.rules = rules
    this.index = rules.length >= INDEX_MIN_RULES ? new RouteIndex(rules) : undefined
  }
  match(req: RouteRequest): RouteRule | undefined {
    if (this.index !== undefined) return this.index.match(req)
    const rules = this.rules
    for (let i = 0; i < rules.length; i++) if (rules[i]!.match(req)) return rules[i]
    return undefined
  }
}

export interface RouterTableOptions {
  /** Uniform [0, 1) for weighted_clusters and mirror sampling (tests inject one); Math.random by default. */
  readonly random?: (() => number) | undefined
}

interface Wildcard {
  readonly suffix: string
  /** "" = any port. */
  readonly port: string
  readonly vhost: VirtualHostTable
}

/** Split "host:port" / "[v6]:port" into lower-case host and port ("" when absent). */
export const splitHost = (authority: string): [string, string] => {
  const a = authority.toLowerCase()
  if (a.startsWith("[")) {
    const close = a.indexOf("]")
    if (close !== -1) return [a.slice(0, close + 1), a.charCodeAt(close + 1) === 58 ? a.slice(close + 2) : ""]
  }
  const colon = a.lastIndexOf(":")
  return colon === -1 || a.indexOf(":") !== colon ? [a, ""] : [a.slice(0, colon), a.slice(colon + 1)]
}

const CACHE_MAX = 1024

export class RouterTable {
  readonly name: string
  private readonly exact = new Map<string, VirtualHostTable>()
  private readonly wildcards: Array<Wildcard> = []
  private defaultHost: VirtualHostTable | undefined
  private readonly only: VirtualHostTable | undefined
  private readonly cache = new Map<string, VirtualHostTable | null>()

  constructor(config: RouterConfig, options: RouterTableOptions = {}) {
    this.name = config.router_config_name
    for (const vh of config.virtual_hosts) {
      const context = { outerHeaderOps: [vh, config], random: options.random }
      const table = new VirtualHostTable(vh.name, vh.routers.map((r) => new RouteRule(r, context)))
      for (const domain of vh.domains) {
        const d = domain.toLowerCase()
        if (d === "*") this.defaultHost ??= table
        else if (d.startsWith("*")) {
          const [host, port] = splitHost(d.slice(1))
          this.wildcards.push({ suffix: host, port: port === "*" ? "" : port, vhost: table })
        } else {
          const [host, port] = splitHost(d)
          const key = port === "" || port === "*" ? host : `${host}:${port}`
          if (!this.exact.has(key)) this.exact.set(key, table)
        }
      }
    }
    // longest suffix first; a port-specific wildcard before a port-less one of the same length
    this.wildcards.sort((a, b) => b.suffix.length - a.suffix.length || b.port.length - a.port.length)
    this.only = this.exact.size === 0 && this.wildcards.length === 0 ? this.defaultHost : undefined
  }

  /** The virtual host for a Host value (MOSN order: exact host:port, exact host, wildcard, "*"). */
  select(authority: string): VirtualHostTable | undefined {
    if (this.only !== undefined) return this.only
    const cached = this.cache.get(authority)
    if (cached !== undefined) return cached ?? undefined
    const found = this.lookup(authority)
    if (this.cache.size >= CACHE_MAX) this.cache.clear()
    this.cache.set(authority, found ?? null)
    return found
  }

  private lookup(authority: string): VirtualHostTable | undefined {
    const [host, port] = splitHost(authority)
    if (port !== "") {
      const withPort = this.exact.get(`${host}:${port}`)
      if (withPort !== undefined) return withPort
    }
    const plain = this.exact.get(host)
    if (plain !== undefined) return plain
    for (const w of this.wildcards) {
      if (host.endsWith(w.suffix) && host.length > w.suffix.length - (w.suffix.startsWith(".") ? 0 : 1) && (w.port === "" || w.port === port)) {
        return w.vhost
      }
    }
    return this.defaultHost
  }

  /** First matching route of the selected virtual host. */
  match(req: RouteRequest): RouteRule | undefined {
    return this.select(req.host)?.match(req)
  }
}
