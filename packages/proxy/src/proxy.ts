// makeProxy and the `proxy` plugin: compile the config, start listeners, swap configs on reload, close on scope end.
import { Effect, Exit, Option, Scope } from "effect"
import { type ConfigError, definePlugin, kind, Lifecycle, Registry, type RegistryShape } from "@mosaic/kernel"
import type { Http1Limits } from "@mosaic/protocol-http1"
import { type Accept, type Connection, PipeListeners, Transport, type TransportError } from "@mosaic/transport"
import { type Cluster, ClusterManager } from "./cluster/cluster.ts"
import { defaultLoadBalancers, type LoadBalancerFactory } from "./cluster/load-balancer.ts"
import { startHealthChecks } from "./cluster/health/start-health-checks.ts"
import { ProxyConfig } from "./config/proxy-config.ts"
import { type ProxyContext, ProxyStats } from "./context.ts"
import { Http1ServerConnection } from "./http1/server-connection.ts"
import { type ListenerInfo, startListener } from "./listener/listener.ts"
import { compileProxy, type ListenerPlan, type ProxyPlan } from "./proxy-plan.ts"
import { Deadlines } from "./upstream/deadlines.ts"
import { makeXContext, type XContext, type XProtocolOptions } from "./xprotocol/context.ts"
import { XServerConnection } from "./xprotocol/server-connection.ts"
import { type AutoContext, type AutoMessage, makeAutoAccept } from "./auto/auto-accept.ts"
import type { InboundHandler, OutboundHandler } from "@mosaic/detect"
import { Http2Handoff, type Http2HandoffShape } from "./auto/http2-handoff.ts"

/** A running proxy. */
export interface Proxy {
  /** The listeners of the config in force (a reload may change them). */
  readonly listeners: ReadonlyArray<Omit<ListenerInfo, "stopAccepting">>
  /** Counters since start (a copy). */
  readonly stats: () => ProxyStats
  /** Close the TCP listeners; open connections keep working until the scope closes. */
  readonly stopAccepting: () => Promise<void>
  /**
   * Swap to a new config without dropping a request. The whole config is checked first; on a ConfigError
   * nothing changed. Then: a listener whose name, address and bind_port did not change keeps its socket
   * and pipe name, and new connections get the new routes, filters, limits and protocol; connections
   * already open finish on the objects they started with. An unchanged cluster keeps its hosts, health
   * and upstream pools; a removed or changed one lets its requests in flight finish, then its connections
   * close as they go idle. A removed listener stops accepting and its open connections finish.
   */
  readonly reload: (config: ProxyConfig) => Effect.Effect<void, ConfigError | TransportError>
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
/** Retired clusters (removed or changed by reloads) whose idle connections are still swept; the oldest go first. */
const MAX_RETIRED_CLUSTERS = 1000

/** A started listener: its accept function is swapped by a reload that keeps its socket. */
interface LiveListener {
  readonly key: string
  info: ListenerInfo
  accept: Accept
  readonly scope: Scope.Closeable
}

const listenerKey = (plan: ListenerPlan): string =>
  `${plan.listener.name}\u0000${plan.listener.bind_port ? plan.listener.address : "-"}`

/**
 * Start a proxy from its decoded config. Needs Transport and PipeListeners; with a Lifecycle in
 * context, stopping the lifecycle stops accepting and requests on external connections are counted in flight.
 */
export const makeProxy = (
  config: ProxyConfig,
  options: MakeProxyOptions = {}
): Effect.Effect<Proxy, ConfigError | TransportError, Transport | PipeListeners | Scope.Scope> =>
  Effect.gen(function*() {
    const loadBalancers = options.loadBalancers ?? defaultLoadBalancers
    const registry = options.registry ?? Option.getOrUndefined(yield* Effect.serviceOption(Registry))
    const log = options.log ?? ((m: string) => console.warn(m))
    const proxyScope = yield* Effect.scope
    const services = yield* Effect.context<Transport | PipeListeners>()
    const transport = yield* Transport

    // a generation: the compiled plan and what lives as long as it is in force (filter chains)
    const compile = (cfg: ProxyConfig, previous: ProxyPlan | undefined) =>
      Effect.gen(function*() {
        const scope = yield* Scope.fork(proxyScope)
        const keep = new Map<string, Cluster>()
        if (previous !== undefined) for (const c of previous.clusters) keep.set(previous.clusterKeys.get(c)!, c)
        const exit = yield* Effect.exit(
          compileProxy(cfg, loadBalancers, registry, options.log, (_, key) => keep.get(key)).pipe(Scope.provide(scope))
        )
        if (Exit.isFailure(exit)) {
          yield* Scope.close(scope, Exit.void)
          return yield* (exit as Exit.Exit<never, ConfigError>)
        }
        return { plan: exit.value, scope }
      })

    // each generation's scope (its filter chains) closes with the proxy: connections may still use them
    let plan = (yield* compile(config, undefined)).plan

    const lifecycle = Option.getOrUndefined(yield* Effect.serviceOption(Lifecycle))
    const stats = new ProxyStats()
    const ctx: ProxyContext = {
      clusters: new ClusterManager(plan.clusters),
      transport,
      lifecycle,
      deadlines: new Deadlines(),
      stats,
      connections: new Set<Connection>(),
      http1Limits: options.http1Limits
    }
    // clusters a reload removed or changed: connections opened before the reload may still route to them
    // (each generation resolves cluster names in its own set), so their upstream connections close as they go idle
    const retired = new Set<Cluster>()
    const everyPool = function*(): Generator<[Cluster, { sweep(now: number, idleMs: number): void; close(): void }, boolean]> {
      for (const c of ctx.clusters.all()) for (const h of c.hosts) for (const p of h.allPools()) yield [c, p as never, false]
      for (const c of retired) for (const h of c.hosts) for (const p of h.allPools()) yield [c, p as never, true]
    }
    const sweeper = setInterval(() => {
      const now = Date.now()
      for (const [c, p, old] of everyPool()) p.sweep(now, old ? 1 : c.idleTimeoutMs)
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
        for (const [, p] of everyPool()) p.close()
        destroyConnections()
      })
    )

    // active health checks, restarted on each reload for the clusters in force (host health lives on the hosts)
    let healthScope = yield* Scope.fork(proxyScope)
    yield* startHealthChecks(plan.clusters, transport).pipe(Scope.provide(healthScope))

    /**
     * What one generation's connections see: the shared context with this generation's clusters, so a
     * connection opened before a reload keeps routing to the clusters of its own config until it closes.
     */
    const generation = (p: ProxyPlan) => {
      const gctx: ProxyContext = { ...ctx, clusters: new ClusterManager(p.clusters), generation: { retired: false } }
      let x: XContext | undefined
      return { ctx: gctx, retire: () => void (gctx.generation!.retired = true), x: () => (x ??= makeXContext(gctx, p.config.cluster_manager.clusters, log, options.xprotocol)) }
    }
    const http2 = options.http2 ?? Option.getOrUndefined(yield* Effect.serviceOption(Http2Handoff))
    if (http2 !== undefined) yield* Effect.addFinalizer(() => Effect.sync(() => http2.closeAll()))

    /** The accept function of a planned listener, bound to its generation's router, filters and limits. */
    const acceptFor = (lp: ListenerPlan, gen: ReturnType<typeof generation>): Accept => {
      const { listener, router, protocols, filter, chain } = lp
      const ctx = gen.ctx
      if (protocols.downstream === "Auto") {
        const auto = makeAutoAccept({
          listenerName: listener.name, filter, limits: listener, ctx, x: gen.x(), router, streamFilters: chain, http2,
          ...(options.pipeline?.inbound === undefined ? {} : { inbound: options.pipeline.inbound }),
          ...(options.pipeline?.outbound === undefined ? {} : { outbound: options.pipeline.outbound }),
          log
        })
        return auto.accept
      }
      if (protocols.downstream === "Http1") return (conn) => void new Http1ServerConnection(conn, ctx, router, chain, listener)
      const x = gen.x()
      const down = x.protocols.get(protocols.downstream)!
      const up = x.protocols.get(protocols.upstream)!
      return (conn) => void new XServerConnection(conn, x, router, down, up, chain, listener)
    }

    const live = new Map<string, LiveListener>()
    const startLive = (lp: ListenerPlan, accept: Accept) =>
      Effect.gen(function*() {
        const scope = yield* Scope.fork(proxyScope)
        const entry: LiveListener = { key: listenerKey(lp), info: undefined as never, accept, scope }
        const exit = yield* Effect.exit(
          startListener(lp.listener, (conn) => entry.accept(conn), (m) => log(`listener ${lp.listener.name}: ${m}`)).pipe(Scope.provide(scope), Effect.provideContext(services))
        )
        if (Exit.isFailure(exit)) {
          yield* Scope.close(scope, Exit.void)
          return yield* (exit as Exit.Exit<never, TransportError>)
        }
        entry.info = exit.value
        return entry
      })
    /** Stop accepting; the listener's scope (its pipe name, its socket's last close) ends in the background. */
    const retireLive = (entry: LiveListener) => {
      void entry.info.stopAccepting()
      Effect.runFork(Scope.close(entry.scope, Exit.void))
    }
    let current = generation(plan)
    for (const lp of plan.listeners) {
      const entry = yield* startLive(lp, acceptFor(lp, current))
      live.set(lp.listener.name, entry)
    }

    const stopAccepting = () => Promise.all([...live.values()].map((l) => l.info.stopAccepting())).then(() => {})
    if (lifecycle !== undefined) yield* lifecycle.onStop(stopAccepting)
    // runs first on scope close: a TCP listener's release waits until its connections are gone
    yield* Effect.addFinalizer(() =>
      Effect.sync(() => {
        void stopAccepting()
        destroyConnections()
      })
    )

    const reload = (next: ProxyConfig): Effect.Effect<void, ConfigError | TransportError> =>
      Effect.gen(function*() {
        const compiled = yield* compile(next, plan)
        const nextPlan = compiled.plan
        // listeners first: a new address that cannot be bound fails the reload before anything changed
        const started = new Map<string, LiveListener>()
        for (const lp of nextPlan.listeners) {
          const old = live.get(lp.listener.name)
          if (old !== undefined && old.key === listenerKey(lp)) continue
          const exit = yield* Effect.exit(startLive(lp, () => {}))
          if (Exit.isFailure(exit)) {
            for (const s of started.values()) retireLive(s)
            yield* Scope.close(compiled.scope, Exit.void)
            return yield* (exit as Exit.Exit<never, TransportError>)
          }
          started.set(lp.listener.name, exit.value)
        }
        // commit: clusters, X-protocol cluster settings, health checks, then each listener's accept function
        const kept = new Set(nextPlan.clusters)
        for (const c of plan.clusters) {
          if (kept.has(c)) continue
          retired.add(c)
          if (retired.size > MAX_RETIRED_CLUSTERS) retired.delete(retired.values().next().value!)
        }
        ctx.clusters.replace(nextPlan.clusters)
        const gen = generation(nextPlan)
        yield* Scope.close(healthScope, Exit.void)
        healthScope = yield* Scope.fork(proxyScope)
        yield* startHealthChecks(nextPlan.clusters, transport).pipe(Scope.provide(healthScope))
        const names = new Set<string>()
        for (const lp of nextPlan.listeners) {
          const name = lp.listener.name
          names.add(name)
          const accept = acceptFor(lp, gen)
          const fresh = started.get(name)
          if (fresh !== undefined) {
            const old = live.get(name)
            if (old !== undefined) retireLive(old)
            fresh.accept = accept
            live.set(name, fresh)
          } else live.get(name)!.accept = accept
        }
        for (const [name, entry] of live) {
          if (names.has(name)) continue
          live.delete(name)
          retireLive(entry)
        }
        plan = nextPlan
        current.retire()
        current = gen
      })

    return {
      get listeners() {
        return [...live.values()].map(({ info: { name, address, port } }) => ({ name, address, port }))
      },
      stats: () => Object.assign(new ProxyStats(), structuredClone({ ...stats })),
      stopAccepting,
      reload
    }
  })

/** The `proxy` plugin: MOSN's proxy core (HTTP/1.1, Bolt, Bolt v2, Dubbo) from listeners + routers + cluster_manager. */
export const proxyPlugin = definePlugin(ProxyKind, {
  name: "proxy",
  description: "MOSN-style proxy core: listeners (TCP and named in-process pipes), routers, clusters, load balancers, upstream pools (HTTP/1.1, Bolt, Bolt v2, Dubbo)",
  config: ProxyConfig,
  make: (config: ProxyConfig) => makeProxy(config)
})
