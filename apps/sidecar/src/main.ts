// Runs a runtime from a config value: start, reload (same checks as start; the old config keeps serving on failure), drain and close.
import { Cause, Effect, Exit } from "effect"
import { ConfigError, Lifecycle, type LifecycleShape, type Plugin, startMain } from "@mosaic/kernel"
import { fromLayottoConfig } from "./layotto-config.ts"
import { runtimeLayer, startRuntime, type RuntimeHandle } from "./runtime.ts"
import { sidecarPlugins } from "./plugins.ts"
import { loadPlugins, pluginSpecsOf } from "./plugin-loader.ts"

export interface Running {
  readonly handle: RuntimeHandle
  readonly lifecycle: LifecycleShape
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
}

/**
 * Start a runtime from a Layotto/MOSN-shaped config with the built-in plugins, `options.plugins` and the
 * plugin packages the config names in `"plugins"`; rejects with the first ConfigError, plugin load error,
 * duplicate plugin or startup failure. A reload keeps the plugins: one whose `"plugins"` differ is refused.
 */
export const startFromConfig = async (config: unknown, options: StartOptions = {}): Promise<Running> => {
  const specs = pluginSpecsOf(config)
  const loaded = await loadPlugins(specs, options.configDir ?? process.cwd())
  const main = await startMain(runFromConfig(config), runtimeLayer([...sidecarPlugins, ...options.plugins ?? [], ...loaded]))
  const { handle, lifecycle } = main.value
  let stopping: Promise<{ drained: boolean; left: number }> | undefined
  return {
    handle,
    lifecycle,
    reload: async (next) => {
      if (lifecycle.draining()) throw new Error("the runtime is draining")
      const nextSpecs = pluginSpecsOf(next)
      if (JSON.stringify(nextSpecs) !== JSON.stringify(specs)) {
        throw ConfigError.at("plugins", `${JSON.stringify(specs)} as at start (got ${JSON.stringify(nextSpecs)}): loaded plugins cannot be unloaded or added on reload; restart to change them`)
      }
      const r = await Effect.runPromiseExit(fromLayottoConfig(next).pipe(Effect.flatMap(handle.reload)))
      if (Exit.isFailure(r)) throw Cause.squash(r.cause)
    },
    stop: (drainMs = 5000) =>
      stopping ??= (async () => {
        const r = await Effect.runPromise(lifecycle.shutdown(drainMs))
        await main.close()
        return r
      })()
  }
}
