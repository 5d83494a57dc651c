// Metrics and admin servers for a runtime: the registry's process and lifecycle metrics, and each configured admin endpoint.
import { Effect, type Scope } from "effect"
import { AdminBindError, type AdminSource, startAdmin } from "@mosaic/admin"
import { ConfigError, type LifecycleShape, log } from "@mosaic/kernel"
import { type Registry, startProcessMetrics } from "@mosaic/metrics"
import type { ObservabilityModel } from "./observability-config.ts"
import type { RuntimeHandle } from "./runtime.ts"

export interface ObservabilityDeps {
  readonly lifecycle: LifecycleShape
  readonly registry: Registry | undefined
  /** The runtime, once started (the admin is up before it: readiness shows INIT meanwhile). */
  readonly handle: () => RuntimeHandle | undefined
  /** The config in force, as given. */
  readonly config: () => unknown
  readonly reload: (config: unknown) => Promise<void>
}

const runtimeName = (): string => {
  const v = process.versions as Record<string, string | undefined>
  return v.bun !== undefined ? `bun ${v.bun}` : v.deno !== undefined ? `deno ${v.deno}` : `node ${process.version}`
}

const LIFECYCLE_STATES = ["INIT", "UP", "DOWN"] as const

/** Register the process and lifecycle metrics, start the admin servers; everything stops with the scope. */
export const startObservability = (model: ObservabilityModel, deps: ObservabilityDeps): Effect.Effect<ReadonlyArray<{ port: number; address: string }>, ConfigError, Scope.Scope> =>
  Effect.gen(function*() {
    const { registry, lifecycle } = deps
    if (registry !== undefined) {
      yield* Effect.acquireRelease(Effect.sync(() => startProcessMetrics(registry)), (stop) => Effect.sync(stop))
      const family = registry.gauge("mosaic_lifecycle_state", "1 for the runtime's lifecycle state (INIT starting, UP serving, DOWN draining), 0 for the others.", ["state"])
      const series = LIFECYCLE_STATES.map((s) => family.labels(s))
      const inFlight = registry.gauge("mosaic_lifecycle_in_flight", "Calls from outside the process in flight (counted by the lifecycle).").labels()
      yield* Effect.acquireRelease(
        Effect.sync(() =>
          registry.onCollect(() => {
            const state = lifecycle.state()
            LIFECYCLE_STATES.forEach((s, i) => series[i]!.set(s === state ? 1 : 0))
            inFlight.set(lifecycle.inFlight())
          })
        ),
        (remove) => Effect.sync(remove)
      )
    }
    const startedAt = new Date()
    const source: AdminSource = {
      lifecycle,
      ...(registry === undefined ? {} : { metrics: () => registry.expose(), registry }),
      config: deps.config,
      stats: () => ({
        lifecycle: { state: lifecycle.state(), in_flight: lifecycle.inFlight() },
        proxy: deps.handle()?.proxy()?.stats() ?? null
      }),
      clusters: () => ({ clusters: deps.handle()?.proxy()?.clusters() ?? [] }),
      listeners: () => ({
        listeners: deps.handle()?.proxy()?.listeners ?? [],
        grpc: (deps.handle()?.ingressPorts ?? []).map((port) => ({ port }))
      }),
      serverInfo: () => ({
        name: "mosaic",
        runtime: runtimeName(),
        pid: process.pid,
        started_at: startedAt.toISOString(),
        uptime_seconds: Math.round((Date.now() - startedAt.getTime()) / 1000)
      }),
      components: () => {
        const h = deps.handle()
        if (h === undefined) return {}
        const proxy = h.proxy()
        return {
          ...(proxy === undefined ? {} : { proxy: { status: "UP" as const, details: { listeners: proxy.listeners.length } } }),
          ...(h.ingressPorts.length === 0 ? {} : { grpc: { status: "UP" as const, details: { ports: h.ingressPorts } } })
        }
      },
      reload: deps.reload,
      logger: log
    }
    const bound: Array<{ port: number; address: string }> = []
    for (const e of model.endpoints) {
      const server = yield* Effect.acquireRelease(
        Effect.tryPromise({
          try: () => startAdmin(source, { address: e.address, port: e.port, allowRemote: e.allowRemote, ...(e.paths === undefined ? {} : { paths: e.paths }) }),
          catch: (err) => ConfigError.at(e.path, err instanceof AdminBindError ? err.message : String(err))
        }),
        (s) => Effect.promise(s.close)
      )
      bound.push({ port: server.port, address: server.address })
    }
    return bound
  })
