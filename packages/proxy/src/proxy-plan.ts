// A proxy config compiled and checked, before anything starts: routers, clusters (unchanged ones adopted), listener plans, filter chains.
import { Effect, type Scope } from "effect"
import { ConfigError, decodeConfig, joinPath, makeRegistry, type RegistryShape } from "@mosaic/kernel"
import type { Protocol } from "@mosaic/protocol"
import { detectableProtocols } from "./auto/detectable.ts"
import { buildCluster } from "./cluster/build-cluster.ts"
import { loadBalancerPlugins } from "./cluster/builtin-load-balancers.ts"
import type { Cluster } from "./cluster/cluster.ts"
import { hostSourcePlugins } from "./cluster/static-host-source.ts"
import { type ClusterConfig, HEALTH_CHECK_PROTOCOLS } from "./config/cluster.ts"
import { type ListenerProtocol, ProxyFilterConfig, resolveProtocols } from "./config/listener.ts"
import type { ProxyConfig } from "./config/proxy-config.ts"
import { RouterTable } from "./router/router-table.ts"
import { buildStreamFilterChain } from "./stream/build-filter-chain.ts"
import type { StreamFilterChain } from "./stream/filter-chain.ts"
import { streamFilterPlugins } from "./stream/filters/builtins.ts"
import type { ProtocolSet } from "./xprotocol/protocol-set.ts"

let builtins: RegistryShape | undefined
/**
 * The proxy's built-in plugins alone (load balancers, the `static` host source, stream filters): where names
 * resolve when makeProxy has no registry (tests, benches). With a registry, only its plugins count.
 */
export const builtinRegistry = (): RegistryShape =>
  builtins ??= Effect.runSync(makeRegistry([...loadBalancerPlugins, ...hostSourcePlugins, ...streamFilterPlugins]))

/** One listener with a `proxy` network filter, ready to start. */
export interface ListenerPlan {
  readonly listener: ProxyConfig["listeners"][number]
  readonly router: RouterTable
  readonly protocols: { readonly downstream: ListenerProtocol; readonly upstream: ListenerProtocol }
  /** A listener of a registered protocol: the protocols it speaks downstream and upstream. */
  readonly codecs: { readonly downstream: Protocol; readonly upstream: Protocol } | undefined
  /** An `Auto` listener: the registered protocols it detects, in matcher order. */
  readonly detectable: ReadonlyArray<Protocol>
  readonly filter: ProxyFilterConfig
  readonly chain: StreamFilterChain | undefined
}

export interface ProxyPlan {
  readonly config: ProxyConfig
  readonly clusters: ReadonlyArray<Cluster>
  /** Each cluster's config as text, to tell an unchanged cluster at the next reload. */
  readonly clusterKeys: ReadonlyMap<Cluster, string>
  readonly listeners: ReadonlyArray<ListenerPlan>
  /** The registered protocols the clusters' health checks name, by lower-case name (each has a health probe). */
  readonly probes: ReadonlyMap<string, Protocol>
}

/** A cluster of the running plan whose config did not change is kept (its hosts, health and upstream pools). */
export type AdoptCluster = (config: ClusterConfig, key: string) => Cluster | undefined

/**
 * Compile `config`: every check that can fail runs here, so a bad config changes nothing. `lb_type`,
 * `host_source` and `stream_filters` names resolve in `registry`. Stream filter chains and new clusters' host
 * sources are built in the current scope (a cluster's `close()` ends its host source earlier).
 */
export const compileProxy = (
  config: ProxyConfig,
  registry: RegistryShape,
  protocolSet: ProtocolSet,
  log: ((message: string) => void) | undefined,
  adopt: AdoptCluster = () => undefined
): Effect.Effect<ProxyPlan, ConfigError, Scope.Scope> =>
  Effect.gen(function*() {
    const routers = new Map<string, RouterTable>()
    for (const [i, r] of config.routers.entries()) {
      if (routers.has(r.router_config_name)) {
        return yield* ConfigError.at(`routers[${i}].router_config_name`, `a unique name ("${r.router_config_name}" is used twice)`)
      }
      routers.set(r.router_config_name, new RouterTable(r))
    }
    const clusters: Array<Cluster> = []
    const clusterKeys = new Map<Cluster, string>()
    const names = new Set<string>()
    const probes = new Map<string, Protocol>()
    for (const [i, c] of config.cluster_manager.clusters.entries()) {
      const path = `cluster_manager.clusters[${i}]`
      if (names.has(c.name)) return yield* ConfigError.at(`${path}.name`, `a unique name ("${c.name}" is used twice)`)
      names.add(c.name)
      const key = JSON.stringify(c)
      const check = c.health_check?.protocol.toLowerCase()
      if (check !== undefined && !HEALTH_CHECK_PROTOCOLS.some((p) => p.toLowerCase() === check) && !probes.has(check)) {
        const p = yield* protocolSet.get(check, `${path}.health_check.protocol`)
        if (p.healthProbe === undefined) {
          return yield* ConfigError.at(`${path}.health_check.protocol`, `tcp, Http1, http or a protocol with a health probe ("${check}" has none)`)
        }
        probes.set(check, p)
      }
      const cluster = adopt(c, key) ?? (yield* buildCluster(c, path, registry, log ?? ((m) => console.warn(m))))
      clusters.push(cluster)
      clusterKeys.set(cluster, key)
    }
    const listeners: Array<ListenerPlan> = []
    const listenerNames = new Set<string>()
    for (const [i, l] of config.listeners.entries()) {
      if (listenerNames.has(l.name)) return yield* ConfigError.at(`listeners[${i}].name`, `a unique name ("${l.name}" is used twice)`)
      listenerNames.add(l.name)
      let found: { config: unknown; path: string } | undefined
      l.filter_chains.forEach((chain, c) =>
        chain.filters.forEach((f, k) => {
          if (found === undefined && f.type === "proxy") {
            found = { config: f.config ?? {}, path: `listeners[${i}].filter_chains[${c}].filters[${k}].config` }
          }
        })
      )
      if (found === undefined) continue
      const filter = yield* decodeConfig(ProxyFilterConfig, found.config, found.path)
      const router = routers.get(filter.router_config_name)
      if (router === undefined) {
        return yield* ConfigError.at(joinPath(found.path, "router_config_name"), `one of the routers' names (no router "${filter.router_config_name}")`)
      }
      const protocols = resolveProtocols(filter)
      if ("path" in protocols) return yield* ConfigError.at(joinPath(found.path, protocols.path), protocols.expected)
      let codecs: ListenerPlan["codecs"] = undefined
      let detectable: ReadonlyArray<Protocol> = []
      if (protocols.downstream === "Auto") {
        detectable = yield* detectableProtocols(filter.detect, protocolSet, joinPath(found.path, "detect"))
      } else if (protocols.downstream !== "Http1") {
        const at = (field: "downstream_protocol" | "upstream_protocol") =>
          joinPath(found!.path, (field === "downstream_protocol" ? filter.downstream_protocol : filter.upstream_protocol).toLowerCase() === "x" ? "extend_config.sub_protocol" : field)
        const downstream = yield* protocolSet.get(protocols.downstream, at("downstream_protocol"))
        const upstream = protocols.upstream === "Http1" ? undefined : yield* protocolSet.get(protocols.upstream, at("upstream_protocol"))
        if (upstream === undefined || upstream.family !== downstream.family) {
          return yield* ConfigError.at(joinPath(found.path, "upstream_protocol"),
            `Auto or a protocol of the downstream protocol's family ${downstream.family} (protocol conversion is not supported; got "${filter.upstream_protocol}")`)
        }
        codecs = { downstream, upstream }
      }
      // its own stream_filters, else the top-level ones
      const own = l.stream_filters
      const at = own !== undefined ? `listeners[${i}].stream_filters` : "stream_filters"
      const chain = yield* (buildStreamFilterChain(own ?? config.stream_filters ?? [], at, registry, log) as Effect.Effect<StreamFilterChain | undefined, ConfigError, Scope.Scope>)
      listeners.push({ listener: l, router, protocols, codecs, detectable, filter, chain })
    }
    return { config, clusters, clusterKeys, listeners, probes }
  })
