// Builds a running runtime from the model (proxy core first: its pipe listeners; then invokers and ingresses) and swaps it on reload.
import { Effect, Exit, Layer, Option, Scope } from "effect"
import { ConfigError, decodeConfig, inChildScope as inChildScopeOf, Lifecycle, Metrics, type Plugin, Registry, type RegistryError, type PluginRef } from "@mosaic/kernel"
import { PipeListeners, type Transport, type TransportError } from "@mosaic/transport"
import * as NodeTransport from "@mosaic/transport-node"
import { Invoker } from "@mosaic/rpc"
import { InvokerKind } from "@mosaic/invoker"
import { type IngressError, IngressKind, type IngressServer } from "@mosaic/ingress-connect"
import { type Proxy, ProxyKind } from "@mosaic/proxy"
import type { IngressModel, RuntimeModel } from "./layotto-config.ts"
import { makeSwappableInvoker, type SwappableInvoker } from "./swappable-invoker.ts"
import { InvokeMetrics } from "./invoke-metrics.ts"

/** The services a runtime is built with (`runtimeLayer`). */
export type RuntimeServices = Registry | Transport | PipeListeners | Lifecycle

/** Why a start or a reload failed: a config error with its JSON path, an unknown plugin, a socket that would not bind. */
export type RuntimeError = ConfigError | RegistryError | TransportError | IngressError

export interface RuntimeHandle {
  /** The bound ports of the gRPC ingresses, in config order (as of the last reload). */
  readonly ingressPorts: ReadonlyArray<number>
  /**
   * Swap to `model` without dropping a call. Everything new is built and checked first; any failure leaves
   * the running config as it was. Then the proxy reloads (listeners keep their sockets, unchanged clusters
   * their pools), each gRPC ingress on an unchanged address and settings keeps its socket and gets the new
   * invoker (calls in flight finish on the old one, whose channels close when it is idle), new ingresses
   * start and removed ones stop accepting, finish their calls and close.
   */
  readonly reload: (model: RuntimeModel) => Effect.Effect<void, RuntimeError>
  /** The proxy in force (undefined: the config has no proxy listener). */
  readonly proxy: () => Proxy | undefined
}

interface LiveIngress {
  /** The ingress plugin's config as text: equal means "same socket, same settings". */
  readonly key: string
  readonly address: string
  readonly server: IngressServer
  readonly invoker: SwappableInvoker
  readonly scope: Scope.Closeable
}

const addressOf = (ingress: IngressModel): string => String((ingress.ref.config as { address?: unknown }).address ?? "")

/** Start everything in the model inside the current scope; closing the scope stops it all. */
export const startRuntime = (model: RuntimeModel): Effect.Effect<RuntimeHandle, RuntimeError, RuntimeServices | Scope.Scope> =>
  Effect.gen(function*() {
    const registry = yield* Registry
    const outer = yield* Effect.scope
    const services = yield* Effect.context<RuntimeServices>()
    // metrics on: one InvokeMetrics for every ingress, bound here once
    const metrics = Option.getOrUndefined(yield* Effect.serviceOption(Metrics))
    const invokeMetrics = metrics === undefined ? undefined : new InvokeMetrics(metrics, metrics.maxLabelValues)

    /** Run `effect` in a new child scope of the runtime; the scope is closed again when it fails. */
    const inChildScope = <A, E>(effect: Effect.Effect<A, E, RuntimeServices | Scope.Scope>) =>
      inChildScopeOf(outer, effect).pipe(Effect.provideContext(services))

    const proxyPath = (origin: (path: string) => string) => <E>(e: E): E | ConfigError =>
      e instanceof ConfigError ? ConfigError.at(origin(e.path), e.expected) : e
    const startProxy = (ref: PluginRef, origin: (path: string) => string) =>
      inChildScope(registry.instantiate(ProxyKind, ref, "", { configPath: "" }).pipe(Effect.mapError(proxyPath(origin))))
    const buildInvoker = (ingress: IngressModel) => inChildScope(registry.instantiate(InvokerKind, ingress.invoker.ref, ingress.invoker.path))
    const startIngress = (ingress: IngressModel, invoker: SwappableInvoker) =>
      inChildScope(registry.instantiate(IngressKind, ingress.ref, ingress.path).pipe(Effect.provideService(Invoker, invoker)))

    let proxy: { value: Proxy; scope: Scope.Closeable } | undefined
    if (model.proxy !== undefined) proxy = yield* startProxy(model.proxy.ref, model.proxy.origin)
    let ingresses: Array<LiveIngress> = []
    const launch = (ingress: IngressModel) =>
      Effect.gen(function*() {
        const built = yield* buildInvoker(ingress)
        const invoker = makeSwappableInvoker(built.value, built.scope, invokeMetrics)
        const exit = yield* Effect.exit(startIngress(ingress, invoker))
        if (Exit.isFailure(exit)) {
          yield* Scope.close(built.scope, Exit.void)
          return yield* Effect.failCause(exit.cause)
        }
        return { key: JSON.stringify(ingress.ref.config), address: addressOf(ingress), server: exit.value.value, invoker, scope: exit.value.scope }
      })
    for (const ingress of model.ingresses) ingresses.push(yield* launch(ingress))

    /** Stop accepting, let the calls in flight finish (up to the ingress's own drain), then close. */
    const retire = (old: LiveIngress) => {
      old.server.stopAccepting()
      old.invoker.retireAll(() => Effect.runFork(Scope.close(old.scope, Exit.void)))
    }

    const reload = (next: RuntimeModel): Effect.Effect<void, RuntimeError> =>
      Effect.gen(function*() {
        // 1. check and build everything new; nothing running changes until all of it succeeded
        const proxyPlugin = next.proxy === undefined ? undefined : yield* registry.get(ProxyKind, String(next.proxy.ref.type))
        const proxyConfig = next.proxy === undefined || proxyPlugin === undefined
          ? undefined
          : yield* decodeConfig(proxyPlugin.config, next.proxy.ref.config, "").pipe(Effect.mapError(proxyPath(next.proxy.origin)))
        const plans: Array<{ ingress: IngressModel; keep: LiveIngress | undefined; invoker: { value: Invoker["Service"]; scope: Scope.Closeable } }> = []
        const undo: Array<Scope.Closeable> = []
        const rollback = Effect.gen(function*() {
          for (const s of undo) yield* Scope.close(s, Exit.void)
        })
        const staged = Effect.gen(function*() {
          for (const ingress of next.ingresses) {
            const key = JSON.stringify(ingress.ref.config)
            const keep = ingresses.find((l) => l.key === key)
            const invoker = yield* buildInvoker(ingress)
            undo.push(invoker.scope)
            plans.push({ ingress, keep, invoker })
          }
          // an ingress on an address that stays with other settings is restarted: the old one stops first
          const replaced = new Set(plans.filter((p) => p.keep === undefined).map((p) => addressOf(p.ingress)))
          const started: Array<LiveIngress> = []
          for (const p of plans) {
            if (p.keep !== undefined) continue
            const address = addressOf(p.ingress)
            const same = ingresses.find((l) => l.address === address && !plans.some((q) => q.keep === l))
            if (same !== undefined && replaced.has(address)) same.server.stopAccepting()
            const invoker = makeSwappableInvoker(p.invoker.value, p.invoker.scope, invokeMetrics)
            const s = yield* startIngress(p.ingress, invoker)
            undo.push(s.scope)
            started.push({ key: JSON.stringify(p.ingress.ref.config), address, server: s.value, invoker, scope: s.scope })
          }
          // 2. the proxy: reload in place (it checks the whole config first), start, or stop
          if (proxyConfig !== undefined && next.proxy !== undefined) {
            if (proxy !== undefined) yield* proxy.value.reload(proxyConfig as never).pipe(Effect.mapError(proxyPath(next.proxy.origin)))
            else proxy = yield* startProxy(next.proxy.ref, next.proxy.origin)
          } else if (proxy !== undefined) {
            const old = proxy
            proxy = undefined
            void old.value.stopAccepting()
            Effect.runFork(Scope.close(old.scope, Exit.void))
          }
          return started
        })
        const exit = yield* Effect.exit(staged)
        if (Exit.isFailure(exit)) {
          yield* rollback
          return yield* Effect.failCause(exit.cause)
        }
        // 3. commit: kept ingresses get their new invoker, the others retire
        const started = exit.value
        const kept = new Set<LiveIngress>()
        const live: Array<LiveIngress> = []
        let s = 0
        for (const p of plans) {
          if (p.keep !== undefined) {
            p.keep.invoker.swap(p.invoker.value, p.invoker.scope)
            kept.add(p.keep)
            live.push(p.keep)
          } else live.push(started[s++]!)
        }
        for (const old of ingresses) if (!kept.has(old)) retire(old)
        ingresses = live
      })

    return {
      get ingressPorts() {
        return ingresses.map((l) => l.server.port)
      },
      reload,
      proxy: () => proxy?.value
    } satisfies RuntimeHandle
  })

/** The services every runtime needs: the registry of the given plugins, TCP, pipe listeners, lifecycle. */
export const runtimeLayer = (plugins: ReadonlyArray<Plugin>): Layer.Layer<RuntimeServices, RegistryError> =>
  Layer.mergeAll(Registry.layer(plugins), NodeTransport.layer, PipeListeners.layer, Lifecycle.layer)
