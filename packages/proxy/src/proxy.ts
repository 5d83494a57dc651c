// makeProxy and the `proxy` plugin: validate config, build routers/clusters, start listeners, close on scope end.
import { Effect, Option, type Scope } from "effect"
import { ConfigError, decodeConfig, definePlugin, joinPath, kind, Lifecycle, Registry, type RegistryShape } from "@mosaic/kernel"
import type { Http1Limits } from "@mosaic/protocol-http1"
import { type Connection, PipeListeners, Transport, type TransportError } from "@mosaic/transport"
import { Cluster, ClusterManager } from "./cluster/cluster.ts"
import { defaultLoadBalancers, type LoadBalancerFactory } from "./cluster/load-balancer.ts"
import { startHealthChecks } from "./cluster/health/start-health-checks.ts"
import { type ListenerProtocol, ProxyFilterConfig, resolveProtocols } from "./config/listener.ts"
import { ProxyConfig } from "./config/proxy-config.ts"
import { type ProxyContext, ProxyStats } from "./context.ts"
import { Http1ServerConnection } from "./http1/server-connection.ts"
import type { Http1Pool } from "./http1/upstream-client.ts"
import { type ListenerInfo, startListener } from "./listener/listener.ts"
import { RouterTable } from "./router/router-table.ts"
import { Deadlines } from "./upstream/deadlines.ts"
import { buildStreamFilterChain } from "./stream/build-filter-chain.ts"
import type { StreamFilterChain } from "./stream/filter-chain.ts"
import { makeXContext, type XContext, type XProtocolOptions } from "./xprotocol/context.ts"
import { XServerConnection } from "./xprotocol/server-connection.ts"
import { type AutoContext, type AutoMessage, makeAutoAccept } from "./auto/auto-accept.ts"
import type { InboundHandler, OutboundHandler } from "@mosaic/detect"
import { Http2Handoff, type Http2HandoffShape } from "./auto/http2-handoff.ts"

/** A running proxy. */
export interface Proxy {
  readonly listeners: ReadonlyArray<Omit<ListenerInfo, "stopAccepting">>
  /** Counters since start (a copy). */
  readonly stats: () => ProxyStats
  /** Close the TCP listeners; open connections keep working until the scope closes. */
  readonly stopAccepting: () => Promise<void>
}

export const ProxyKind = kind<Proxy>("proxy")

export interface MakeProxyOptions {
  /** Load balancers by `lb_type`; defaults to `defaultLoadBalancers` (LB_ROUNDROBIN, LB_RANDOM). */
  readonly loadBalancers?: ReadonlyMap<string, LoadBalancerFactory>
  /** HTTP/1 decoder limits for downstream requests and upstream responses. */
  readonly http1Limits?: Partial<Http1Limits>
  /** Bolt/Dubbo: decoder limits, upstream heartbeats, in-flight cap per downstream connection. */
  readonly xprotocol?: XProtocolOptions
  /** Where closed-connection reasons go (bad frames); default `console.warn`. */
  readonly log?: (message: string) => void
  /**
   * Where `stream_filters` names are looked up (its `stream_filter` plugins, then the built-in ones);
   * default: the kernel `Registry` when one is in context, else the built-ins only.
   */
  readonly registry?: RegistryShape
  /** Where `Auto` listeners send HTTP/2 connections; default: the `Http2Handoff` service when one is in context. */
  readonly http2?: Http2HandoffShape
  /**
   * Kitex-style bound handlers added to every `Auto` listener's pipeline, after its meta handler and limiters:
   * `onActive`/`onRead`/`onInactive` per connection, `onMessage` per decoded request (an Error refuses it: 503),
   * outbound `write` per write.
   */
  readonly pipeline?: {
    readonly inbound?: ReadonlyArray<InboundHandler<AutoContext, AutoMessage>>
    readonly outbound?: ReadonlyArray<OutboundHandler<AutoContext, Uint8Array>>
  }
}

/** How often idle upstream connections are checked against their cluster's idle_timeout. */
const IDLE_SWEEP_MS = 1000

/**
 * Start a proxy from its decoded config. Needs Transport and PipeListeners; with a Lifecycle in
 * context, stopping the lifecycle stops accepting and requests are counted in flight.
 */
export const makeProxy = (
  config: ProxyConfig,
  options: MakeProxyOptions = {}
): Effect.Effect<Proxy, ConfigError | TransportError, Transport | PipeListeners | Scope.Scope> =>
  Effect.gen(function*() {
    const loadBalancers = options.loadBalancers ?? defaultLoadBalancers
    // routers
    const routers = new Map<string, RouterTable>()
    for (const [i, r] of config.routers.entries()) {
      if (routers.has(r.router_config_name)) {
        return yield* ConfigError.at(`routers[${i}].router_config_name`, `a unique name ("${r.router_config_name}" is used twice)`)
      }
      routers.set(r.router_config_name, new RouterTable(r))
    }
    // clusters
    const clusters: Array<Cluster> = []
    const names = new Set<string>()
    for (const [i, c] of config.cluster_manager.clusters.entries()) {
      const path = `cluster_manager.clusters[${i}]`
      if (names.has(c.name)) return yield* ConfigError.at(`${path}.name`, `a unique name ("${c.name}" is used twice)`)
      names.add(c.name)
      const lb = loadBalancers.get(c.lb_type)
      if (lb === undefined) {
        return yield* ConfigError.at(`${path}.lb_type`, `one of ${[...loadBalancers.keys()].join(", ")} (got "${c.lb_type}")`)
      }
      clusters.push(new Cluster(c, lb))
    }
    // listeners with a proxy filter
    const plans: Array<{ listener: ProxyConfig["listeners"][number]; router: RouterTable; protocols: { downstream: ListenerProtocol; upstream: ListenerProtocol }; filter: ProxyFilterConfig }> = []
    for (const [i, l] of config.listeners.entries()) {
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
      plans.push({ listener: l, router, protocols, filter })
    }

    // stream filters per proxy listener: its own stream_filters, else the top-level ones (built in this scope)
    const registry = options.registry ?? Option.getOrUndefined(yield* Effect.serviceOption(Registry))
    const streamFilters = new Map<unknown, StreamFilterChain | undefined>()
    for (const { listener } of plans) {
      const own = listener.stream_filters
      const at = own !== undefined ? `listeners[${config.listeners.indexOf(listener)}].stream_filters` : "stream_filters"
      const chain = buildStreamFilterChain(own ?? config.stream_filters ?? [], at, registry, options.log)
      streamFilters.set(listener, yield* (chain as Effect.Effect<StreamFilterChain | undefined, ConfigError, Scope.Scope>))
    }

    const transport = yield* Transport
    // active health checks (clusters with health_check); stopped when the scope closes
    yield* startHealthChecks(clusters, transport)
    const lifecycle = Option.getOrUndefined(yield* Effect.serviceOption(Lifecycle))
    const stats = new ProxyStats()
    const ctx: ProxyContext = {
      clusters: new ClusterManager(clusters),
      transport,
      lifecycle,
      deadlines: new Deadlines(),
      stats,
      connections: new Set<Connection>(),
      http1Limits: options.http1Limits
    }
    const pools = (): Array<[Cluster, Http1Pool]> =>
      clusters.flatMap((c) => c.hosts.flatMap((h) => [...h.allPools()].map((p) => [c, p as Http1Pool] as [Cluster, Http1Pool])))
    const sweeper = setInterval(() => {
      const now = Date.now()
      for (const [c, p] of pools()) p.sweep(now, c.idleTimeoutMs)
    }, IDLE_SWEEP_MS)
    const destroyConnections = () => {
      for (const conn of [...ctx.connections]) conn.destroy()
      ctx.connections.clear()
    }
    // finalizers run in reverse order: this one last, after the listeners are gone
    yield* Effect.addFinalizer(() =>
      Effect.sync(() => {
        clearInterval(sweeper)
        ctx.deadlines.close()
        for (const [, p] of pools()) p.close()
        destroyConnections()
      })
    )

    let xctx: XContext | undefined
    const listeners: Array<ListenerInfo> = []
    const http2 = options.http2 ?? Option.getOrUndefined(yield* Effect.serviceOption(Http2Handoff))
    if (http2 !== undefined) yield* Effect.addFinalizer(() => Effect.sync(() => http2.closeAll()))
    for (const { listener, router, protocols, filter } of plans) {
      if (protocols.downstream === "Auto") {
        xctx ??= makeXContext(ctx, config.cluster_manager.clusters, options.log ?? ((m) => console.warn(m)), options.xprotocol)
        const auto = makeAutoAccept({
          listenerName: listener.name, filter, limits: listener, ctx, x: xctx, router, streamFilters: streamFilters.get(listener), http2,
          ...(options.pipeline?.inbound === undefined ? {} : { inbound: options.pipeline.inbound }),
          ...(options.pipeline?.outbound === undefined ? {} : { outbound: options.pipeline.outbound }),
          log: options.log ?? ((m) => console.warn(m))
        })
        listeners.push(yield* startListener(listener, auto.accept))
        continue
      }
      if (protocols.downstream === "Http1") {
        listeners.push(yield* startListener(listener, (conn) => void new Http1ServerConnection(conn, ctx, router, streamFilters.get(listener), listener)))
        continue
      }
      xctx ??= makeXContext(ctx, config.cluster_manager.clusters, options.log ?? ((m) => console.warn(m)), options.xprotocol)
      const x = xctx
      const down = x.protocols.get(protocols.downstream)!
      const up = x.protocols.get(protocols.upstream)!
      const chain = streamFilters.get(listener)
      listeners.push(yield* startListener(listener, (conn) => void new XServerConnection(conn, x, router, down, up, chain, listener)))
    }
    const stopAccepting = () => Promise.all(listeners.map((l) => l.stopAccepting())).then(() => {})
    if (lifecycle !== undefined) yield* lifecycle.onStop(stopAccepting)
    // runs first on scope close: a TCP listener's release waits until its connections are gone
    yield* Effect.addFinalizer(() =>
      Effect.sync(() => {
        void stopAccepting()
        destroyConnections()
      })
    )

    return {
      listeners: listeners.map(({ name, address, port }) => ({ name, address, port })),
      stats: () => Object.assign(new ProxyStats(), structuredClone({ ...stats })),
      stopAccepting
    }
  })

/** The `proxy` plugin: MOSN's proxy core (HTTP/1.1, Bolt, Bolt v2, Dubbo) from listeners + routers + cluster_manager. */
export const proxyPlugin = definePlugin(ProxyKind, {
  name: "proxy",
  description: "MOSN-style proxy core: listeners (TCP and named in-process pipes), routers, clusters, load balancers, upstream pools (HTTP/1.1, Bolt, Bolt v2, Dubbo)",
  config: ProxyConfig,
  make: (config: ProxyConfig) => makeProxy(config)
})
