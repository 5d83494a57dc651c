// Build a cluster from its config at compile time: its `lb_type` and host source resolved as plugins in the registry.
import { Effect, Exit, Scope } from "effect"
import { ConfigError, decodeConfig, joinPath, type PluginKind, type RegistryShape } from "@mosaic/kernel"
import type { ClusterConfig } from "../config/cluster.ts"
import { Cluster } from "./cluster.ts"
import { HostSourceKind } from "./host-source.ts"
import { LoadBalancerKind } from "./load-balancer.ts"

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e))

/**
 * Plugin `name` of `kind` built from `config`: an unknown name is a ConfigError at `namePath`, a bad config
 * or a failing `make` one under `configPath`.
 */
const build = <V, E>(
  registry: RegistryShape,
  kind: PluginKind<V, E>,
  name: string,
  namePath: string,
  config: unknown,
  configPath: string
): Effect.Effect<V, ConfigError, Scope.Scope> =>
  Effect.gen(function*() {
    const plugin = yield* registry.get(kind, name).pipe(Effect.mapError((e) => ConfigError.at(namePath, e.message)))
    const decoded = yield* decodeConfig(plugin.config, config ?? {}, configPath)
    return yield* plugin.make(decoded).pipe(
      Effect.mapError((e) => e instanceof ConfigError ? e.under(configPath) : ConfigError.at(configPath, messageOf(e)))
    )
  })

/**
 * The cluster of `config` found at `path`. The host source runs in a scope of its own, a child of the current
 * one: `cluster.close()` (the cluster left the config) ends it, and so does the current scope closing.
 */
export const buildCluster = (
  config: ClusterConfig,
  path: string,
  registry: RegistryShape,
  log: (message: string) => void
): Effect.Effect<Cluster, ConfigError, Scope.Scope> =>
  Effect.gen(function*() {
    const lb = yield* build(registry, LoadBalancerKind, config.lb_type, joinPath(path, "lb_type"), config.lbconfig, joinPath(path, "lbconfig"))
    const ref = config.host_source
    if (ref !== undefined && config.hosts.length > 0) {
      return yield* ConfigError.at(joinPath(path, "host_source"), "either hosts or host_source, not both")
    }
    const scope = yield* Scope.fork(yield* Effect.scope)
    const exit = yield* Effect.exit(
      (ref === undefined
        ? build(registry, HostSourceKind, "static", joinPath(path, "hosts"), { hosts: config.hosts }, path)
        : build(registry, HostSourceKind, ref.type, joinPath(path, "host_source.type"), ref.config, joinPath(path, "host_source.config"))
      ).pipe(Scope.provide(scope))
    )
    if (Exit.isFailure(exit)) {
      yield* Scope.close(scope, Exit.void)
      return yield* Effect.failCause(exit.cause)
    }
    const source = exit.value
    const cluster = new Cluster(config, lb, source.hosts, log)
    cluster.closeWith(() => Effect.runFork(Scope.close(scope, Exit.void)))
    source.subscribe?.((hosts) => {
      try {
        cluster.setHosts(hosts)
      } catch (e) {
        log(`cluster ${config.name}: host update refused: ${messageOf(e)}`)
      }
    })
    return cluster
  })
