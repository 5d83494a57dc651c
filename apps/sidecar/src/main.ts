// Runs a runtime from a config value: start (with its admin servers and metrics), reload (same checks as start; the old config keeps serving on failure), drain and close.
import { Cause, Effect, Exit, Layer } from "effect"
import { ConfigError, Lifecycle, type LifecycleShape, log, Metrics, parseLogLevel, type Plugin, startMain } from "@mosaic/kernel"
import { Registry } from "@mosaic/metrics"
import { startObservability } from "./admin-wiring.ts"
import { fromLayottoConfig, type RuntimeModel } from "./layotto-config.ts"
import { runtimeLayer, startRuntime, type RuntimeHandle } from "./runtime.ts"
import { sidecarPlugins } from "./plugins.ts"
import { loadPlugins, pluginSpecsOf } from "./plugin-loader.ts"

export interface Running {
  readonly handle: RuntimeHandle
  readonly lifecycle: LifecycleShape
  /** The admin servers' bound addresses, in config order (MOSN admin, metrics sinks, actuator listeners). */
  readonly admin: ReadonlyArray<{ readonly address: string; readonly port: number }>
  /** The metrics registry (undefined: no admin endpoint configured, metrics off). */
  readonly metrics: Registry | undefined
  /** Decode and check `config` whole, then swap to it; rejects with the first error and changes nothing. */
  readonly reload: (config: unknown) => Promise<void>
  /** Report not-ready, stop accepting, let calls in flight finish up to `drainMs`, then close everything. */
  readonly stop: (drainMs?: number) => Promise<{ drained: boolean; left: number }>
}

/** The runtime of a Layotto/MOSN-shaped config, started in the current scope and reported ready (UP). */
export const runFromConfig = (config: unknown) =>
  Effect.gen(function*() {
    const model = yield* fromLayottoConfig(config)
    const handle = yield* startRuntime(model)
    const lifecycle = yield* Lifecycle
    lifecycle.ready()
    return { handle, lifecycle }
  })

export interface StartOptions {
  /** Plugins registered beside the built-ins (`sidecarPlugins`); a name already taken by a plugin of the same kind is an error. */
  readonly plugins?: ReadonlyArray<Plugin>
  /** Where the config's own `"plugins"` specs resolve from (its file's directory); default: the current directory. */
  readonly configDir?: string
  /** What an admin `POST /api/v1/reload` with an empty body reloads (the CLI: the config file again); absent: such a reload is refused. */
  readonly reloadSource?: () => unknown
}

/** The parts of a model that cannot change on reload: admin listeners and the metrics cap. */
const fixedPart = (model: RuntimeModel): string => JSON.stringify(model.observability)

/**
 * Start a runtime from a Layotto/MOSN-shaped config with the built-in plugins, `options.plugins` and the
 * plugin packages the config names in `"plugins"`; rejects with the first ConfigError, plugin load error,
 * duplicate plugin or startup failure. A reload keeps the plugins: one whose `"plugins"` differ is refused.
 */
export const startFromConfig = async (config: unknown, options: StartOptions = {}): Promise<Running> => {
  const specs = pluginSpecsOf(config)
  const loaded = await loadPlugins(specs, options.configDir ?? process.cwd())
  const model = await Effect.runPromise(fromLayottoConfig(config))
  if (model.logLevel !== undefined) {
    const level = parseLogLevel(model.logLevel)
    if (level === undefined) throw ConfigError.at("servers[0].default_log_level", `one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL, got "${model.logLevel}"`)
    log.setLevel(level)
  }
  const fixed = fixedPart(model)
  const obs = model.observability
  const registry = obs.endpoints.length === 0 ? undefined : new Registry(obs.maxLabelValues === undefined ? {} : { maxLabelValues: obs.maxLabelValues })
  const layer = runtimeLayer([...sidecarPlugins, ...options.plugins ?? [], ...loaded])
  let current = config
  let handleRef: RuntimeHandle | undefined
  let reloads: Promise<unknown> = Promise.resolve()
  let lifecycleRef: LifecycleShape | undefined
  const reloadNow = async (next: unknown): Promise<void> => {
    if (lifecycleRef?.draining() === true) throw new Error("the runtime is draining")
    const nextSpecs = pluginSpecsOf(next)
    if (JSON.stringify(nextSpecs) !== JSON.stringify(specs)) {
      throw ConfigError.at("plugins", `${JSON.stringify(specs)} as at start (got ${JSON.stringify(nextSpecs)}): loaded plugins cannot be unloaded or added on reload; restart to change them`)
    }
    const r = await Effect.runPromiseExit(fromLayottoConfig(next).pipe(
      Effect.flatMap((m) =>
        fixedPart(m) === fixed
          ? Effect.succeed(m)
          : Effect.fail(ConfigError.at("admin", "the admin and metrics sections as at start (admin servers are not rebound on reload); restart to change them"))
      ),
      Effect.flatMap((m) => handleRef!.reload(m))
    ))
    if (Exit.isFailure(r)) throw Cause.squash(r.cause)
    current = next
  }
  /** One reload at a time (SIGHUP, --watch and the admin's POST may ask at once). */
  const reload = (next: unknown): Promise<void> => {
    const p = reloads.then(() => reloadNow(next))
    reloads = p.catch(() => {})
    return p
  }
  const program = Effect.gen(function*() {
    const lifecycle = yield* Lifecycle
    lifecycleRef = lifecycle
    // the admin first: readiness answers INIT (503) while the runtime starts
    const admin = yield* startObservability(obs, {
      lifecycle,
      registry,
      handle: () => handleRef,
      config: () => current,
      reload: (next) => {
        if (next !== undefined) return reload(next)
        if (options.reloadSource === undefined) return Promise.reject(new Error("no config in the body, and this runtime has no config file to read again"))
        return Promise.resolve().then(options.reloadSource).then(reload)
      }
    })
    const handle = yield* startRuntime(model)
    handleRef = handle
    lifecycle.ready()
    return { handle, lifecycle, admin }
  })
  const main = await startMain(program, registry === undefined ? layer : Layer.merge(layer, Layer.succeed(Metrics, registry)))
  const { handle, lifecycle, admin } = main.value
  let stopping: Promise<{ drained: boolean; left: number }> | undefined
  return {
    handle,
    lifecycle,
    admin,
    metrics: registry,
    reload,
    stop: (drainMs = 5000) =>
      stopping ??= (async () => {
        const r = await Effect.runPromise(lifecycle.shutdown(drainMs))
        await main.close()
        return r
      })()
  }
}
