// makeProxy and the `proxy` plugin: compile the config, start listeners, swap configs on reload, close on scope end.
import { Effect, Exit, Option, Scope } from "effect"
import { type ConfigError, definePlugin, inChildScope, kind, Lifecycle, Registry, type RegistryShape } from "@mosaic/kernel"
import type { Protocol } from "@mosaic/protocol"
import type { Http1Limits } from "@mosaic/protocol-http1"
import { type Accept, type Connection, PipeListeners, Transport, type TransportError } from "@mosaic/transport"
import { type Cluster, ClusterManager } from "./cluster/cluster.ts"
import { startHealthChecks } from "./cluster/health/start-health-checks.ts"
import { ProxyConfig } from "./config/proxy-config.ts"
import { type ProxyContext, ProxyStats } from "./context.ts"
import { Http1ServerConnection } from "./http1/server-connection.ts"
import { type ListenerInfo, listenTcp } from "./listener/listener.ts"
import { builtinRegistry, compileProxy, type ListenerPlan, type ProxyPlan } from "./proxy-plan.ts"
import { Deadlines } from "./upstream/deadlines.ts"
import { makeXContext, XClusterState, type XContext, type XProtocolOptions } from "./xprotocol/context.ts"
import { makeProtocolSet } from "./xprotocol/protocol-set.ts"
import { LiveRouter } from "./router/live-router.ts"
import { XServerConnection } from "./xprotocol/server-connection.ts"
import { OrderedServerConnection } from "./ordered/server-connection.ts"
import { type AutoContext, type AutoMessage, makeAutoAccept } from "./auto/auto-accept.ts"
import type { InboundHandler, OutboundHandler } from "@mosaic/detect"
import { Http2Handoff, type Http2HandoffShape } from "./auto/http2-handoff.ts"
import { Metrics } from "@mosaic/kernel"
import { DownstreamMetrics } from "./downstream-metrics.ts"

/** A running proxy. */
export interface Proxy {
  /** The listeners of the config in force (a reload may change them). */
  readonly listeners: ReadonlyArray<Omit<ListenerInfo, "stopAccepting">>
  /** Counters since start (a copy). */
  readonly stats: () => ProxyStats
  /** The clusters in force and their hosts: health, weight, requests and connections in flight (a snapshot). */
  readonly clusters: () => ReadonlyArray<ClusterInfo>
  /** Close the TCP listeners; open connections keep working until the scope closes. */
  readonly stopAccepting: () => Promise<void>
  /**
   * Swap to a new config without dropping a request. The whole config is checked first; on a ConfigError
   * nothing changed. Then, as MOSN applies route and cluster updates: every new request, on a new or an
   * open connection, is routed with the new routers and clusters; requests in flight finish on what they
   * started with. A listener whose name, address and bind_port did not change keeps its socket and pipe
   * name; new connections get its new protocol, stream filters and limits, open ones keep theirs. An
   * unchanged cluster keeps its hosts, health and upstream pools; a removed or changed one lets its
   * requests in flight finish, then its connections close as they go idle. A removed listener stops
   * accepting and its open connections finish.
   */
  readonly reload: (config: ProxyConfig) => Effect.Effect<void, ConfigError | TransportError>
}

/** A cluster as the admin's `/clusters` shows it. */
export interface ClusterInfo {
  readonly name: string
  readonly hosts: ReadonlyArray<{
    readonly address: string
    readonly hostname: string
    readonly weight: number
    readonly healthy: boolean
    readonly active_requests: number
    readonly active_connections: number
  }>
}

export const ProxyKind = kind<Proxy, ConfigError | TransportError, Transport | PipeListeners>("proxy")

export interface MakeProxyOptions {
  /** HTTP/1 decoder limits for downstream requests and upstream responses. */
  readonly http1Limits?: Partial<Http1Limits>
  /** Multiplexed protocols: upstream heartbeats, in-flight cap per downstream connection. */
  readonly xprotocol?: XProtocolOptions
  /**
   * The protocols listeners, Auto detection and health checks may name, besides HTTP/1 (a protocol
   * package's `Protocol` values); they win over `protocol` plugins of the same name in the registry. Without a
   * Registry in context (tests, benches) these are the only ones.
   */
  readonly protocols?: ReadonlyArray<Protocol>
  /** Where closed-connection reasons go (bad frames); default `console.warn`. */
  readonly log?: (message: string) => void
  /**
   * Where a cluster's `lb_type` (`load_balancer` plugins), `host_source` (`host_source` plugins; `static` for
   * `hosts`) and `stream_filters` names (`stream_filter` plugins) are looked up, once per compile; default:
   * the kernel `Registry` when one is in context, else the proxy's built-in plugins only.
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

/**
 * A started listener, by name: its pipe name lives as long as the name, its TCP socket as long as the
 * address; a reload swaps its accept function (new connections) and its router (every new request).
 */
interface LiveListener {
  accept: Accept
  /** Every connection of the listener, old or new, routes with the table in force. */
  readonly router: LiveRouter
  readonly pipeScope: Scope.Closeable
  socket: { readonly key: string; readonly info: ListenerInfo; readonly scope: Scope.Closeable }
}

const socketKey = (plan: ListenerPlan): string => (plan.listener.bind_port ? plan.listener.address : "-")

/**
 * Start a proxy from its decoded config. Needs Transport and PipeListeners; with a Lifecycle in
 * context, stopping the lifecycle stops accepting and requests on external connections are counted in flight.
 */
export const makeProxy = (
  config: ProxyConfig,
  options: MakeProxyOptions = {}
): Effect.Effect<Proxy, ConfigError | TransportError, Transport | PipeListeners | Scope.Scope> =>
  Effect.gen(function*() {
    const registry = options.registry ?? Option.getOrUndefined(yield* Effect.serviceOption(Registry)) ?? builtinRegistry()
    const log = options.log ?? ((m: string) => console.warn(m))
    const proxyScope = yield* Effect.scope
    const services = yield* Effect.context<Transport | PipeListeners>()
    const transport = yield* Transport
    const protocolSet = makeProtocolSet(options.protocols, registry, proxyScope)

    // a generation: the compiled plan and what lives as long as it is in force (filter chains)
    const compile = (cfg: ProxyConfig, previous: ProxyPlan | undefined) =>
      Effect.gen(function*() {
        const scope = yield* Scope.fork(proxyScope)
        const keep = new Map<string, Cluster>()
        if (previous !== undefined) for (const c of previous.clusters) keep.set(previous.clusterKeys.get(c)!, c)
        const exit = yield* Effect.exit(
          compileProxy(cfg, registry, protocolSet, options.log, (_, key) => keep.get(key)).pipe(Scope.provide(scope))
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
      http1Limits: options.http1Limits,
      downstreamMetrics: Option.match(yield* Effect.serviceOption(Metrics), { onNone: () => undefined, onSome: (m) => new DownstreamMetrics(m) })
    }
    // clusters a reload removed or changed, and hosts their host source removed: requests in flight finish
    // on them, and their upstream connections close as they go idle
    const retired = new Set<Cluster>()
    const everyPool = function*(): Generator<[Cluster, { sweep(now: number, idleMs: number): void; close(): void }, boolean]> {
      for (const c of ctx.clusters.all()) {
        for (const h of c.hosts) for (const p of h.allPools()) yield [c, p as never, false]
        for (const h of c.drainingHosts()) for (const p of h.allPools()) yield [c, p as never, true]
      }
      for (const c of retired) for (const h of [...c.hosts, ...c.drainingHosts()]) for (const p of h.allPools()) yield [c, p as never, true]
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
    yield* startHealthChecks(plan.clusters, transport, plan.probes).pipe(Scope.provide(healthScope))

    let xctx: XContext | undefined
    const xContext = (): XContext => (xctx ??= makeXContext(ctx, plan.config.cluster_manager.clusters, log, options.xprotocol))
    const http2 = options.http2 ?? Option.getOrUndefined(yield* Effect.serviceOption(Http2Handoff))
    if (http2 !== undefined) yield* Effect.addFinalizer(() => Effect.sync(() => http2.closeAll()))

    /**
     * The accept function of a planned listener: its connections keep the protocol, stream filters and limits
     * they were accepted with, and route each request with the listener's live router and the clusters in force.
     */
    const acceptFor = (lp: ListenerPlan, router: LiveRouter): Accept => {
      const { listener, protocols, filter, chain, codecs } = lp
      if (protocols.downstream === "Auto") {
        const auto = makeAutoAccept({
          listenerName: listener.name, filter, limits: listener, ctx, x: xContext(), protocols: lp.detectable, router, streamFilters: chain, http2,
          ...(options.pipeline?.inbound === undefined ? {} : { inbound: options.pipeline.inbound }),
          ...(options.pipeline?.outbound === undefined ? {} : { outbound: options.pipeline.outbound }),
          log
        })
        return auto.accept
      }
      if (protocols.downstream === "Http1") return (conn) => void new Http1ServerConnection(conn, ctx, router, chain, listener)
      const x = xContext()
      const { downstream, upstream } = codecs!
      if (downstream.ordered === true) return (conn) => void new OrderedServerConnection(conn, x, router, downstream, upstream, chain, listener)
      return (conn) => void new XServerConnection(conn, x, router, downstream, upstream, chain, listener)
    }

    const live = new Map<string, LiveListener>()
    /** Run `effect` in a new child scope of the proxy (closed again if it fails). */
    const inScope = <A, E>(effect: Effect.Effect<A, E, Transport | PipeListeners | Scope.Scope>) =>
      inChildScope(proxyScope, effect).pipe(Effect.provideContext(services))
    const openSocket = (lp: ListenerPlan, entry: { accept: Accept }) =>
      inScope(listenTcp(lp.listener, (conn) => entry.accept(conn), log)).pipe(
        Effect.map(({ value, scope }) => ({ key: socketKey(lp), info: value, scope }))
      )
    const startLive = (lp: ListenerPlan) =>
      Effect.gen(function*() {
        const router = new LiveRouter(lp.router)
        const entry = { accept: acceptFor(lp, router) } as { accept: Accept }
        const pipes = yield* PipeListeners
        const pipe = yield* inScope(pipes.register(lp.listener.name, (conn) => entry.accept(conn)))
        const socket = yield* Effect.exit(openSocket(lp, entry))
        if (Exit.isFailure(socket)) {
          yield* Scope.close(pipe.scope, Exit.void)
          return yield* Effect.failCause(socket.cause)
        }
        return Object.assign(entry, { router, pipeScope: pipe.scope, socket: socket.value }) satisfies LiveListener
      }).pipe(Effect.provideContext(services))
    /** Stop accepting; the socket's scope (its last close waits for its connections) ends in the background. */
    const closeSocket = (socket: LiveListener["socket"]) => {
      void socket.info.stopAccepting()
      Effect.runFork(Scope.close(socket.scope, Exit.void))
    }
    for (const lp of plan.listeners) live.set(lp.listener.name, yield* startLive(lp))

    const stopAccepting = () => Promise.all([...live.values()].map((l) => l.socket.info.stopAccepting())).then(() => {})
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
        // new listeners and moved sockets first: an address that cannot be bound fails the reload before anything changed
        const added = new Map<string, LiveListener>()
        const moved = new Map<string, LiveListener["socket"]>()
        const opened = Effect.gen(function*() {
          for (const lp of nextPlan.listeners) {
            const name = lp.listener.name
            const old = live.get(name)
            if (old === undefined) added.set(name, yield* startLive(lp))
            else if (old.socket.key !== socketKey(lp)) moved.set(name, yield* openSocket(lp, old))
          }
        })
        const exit = yield* Effect.exit(opened)
        if (Exit.isFailure(exit)) {
          for (const l of added.values()) {
            closeSocket(l.socket)
            Effect.runFork(Scope.close(l.pipeScope, Exit.void))
          }
          for (const socket of moved.values()) closeSocket(socket)
          yield* Scope.close(compiled.scope, Exit.void)
          return yield* Effect.failCause(exit.cause)
        }
        // commit: clusters, X-protocol cluster settings, health checks, then each listener's router and accept function
        const kept = new Set(nextPlan.clusters)
        for (const c of plan.clusters) {
          if (kept.has(c)) continue
          c.close()
          retired.add(c)
          if (retired.size > MAX_RETIRED_CLUSTERS) retired.delete(retired.values().next().value!)
        }
        ctx.clusters.replace(nextPlan.clusters)
        if (xctx !== undefined) {
          const states = xctx.clusters as Map<string, XClusterState>
          states.clear()
          for (const c of next.cluster_manager.clusters) states.set(c.name, new XClusterState(c))
        }
        yield* Scope.close(healthScope, Exit.void)
        healthScope = yield* Scope.fork(proxyScope)
        yield* startHealthChecks(nextPlan.clusters, transport, nextPlan.probes).pipe(Scope.provide(healthScope))
        const names = new Set<string>()
        for (const lp of nextPlan.listeners) {
          const name = lp.listener.name
          names.add(name)
          const fresh = added.get(name)
          if (fresh !== undefined) {
            live.set(name, fresh)
            continue
          }
          const entry = live.get(name)!
          entry.router.current = lp.router
          entry.accept = acceptFor(lp, entry.router)
          const socket = moved.get(name)
          if (socket !== undefined) {
            closeSocket(entry.socket)
            entry.socket = socket
          }
        }
        for (const [name, entry] of live) {
          if (names.has(name)) continue
          live.delete(name)
          closeSocket(entry.socket)
          Effect.runFork(Scope.close(entry.pipeScope, Exit.void))
        }
        plan = nextPlan
      })

    return {
      get listeners() {
        return [...live.values()].map(({ socket: { info: { name, address, port } } }) => ({ name, address, port }))
      },
      stats: () => Object.assign(new ProxyStats(), structuredClone({ ...stats })),
      clusters: () =>
        [...ctx.clusters.all()].map((c) => ({
          name: c.name,
          hosts: c.hosts.map((h) => ({
            address: h.address,
            hostname: h.hostname,
            weight: h.weight,
            healthy: h.healthy,
            active_requests: h.activeRequests,
            active_connections: h.activeConnections
          }))
        })),
      stopAccepting,
      reload
    }
  })

/** The `proxy` plugin: MOSN's proxy core (HTTP/1.1 and the registry's `protocol` plugins) from listeners + routers + cluster_manager. */
export const proxyPlugin = definePlugin(ProxyKind, {
  name: "proxy",
  description: "MOSN-style proxy core: listeners (TCP and named in-process pipes), routers, clusters, load balancers, upstream pools (HTTP/1.1 and the registered protocols)",
  config: ProxyConfig,
  make: (config: ProxyConfig) => makeProxy(config)
})
