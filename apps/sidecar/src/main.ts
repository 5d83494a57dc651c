// Runs a runtime from a config value: start, reload (same checks as start; the old config keeps serving on failure), drain and close.
import { Cause, Effect, Exit } from "effect"
import { Lifecycle, type LifecycleShape, startMain } from "@mosaic/kernel"
import { fromLayottoConfig } from "./layotto-config.ts"
import { runtimeLayer, startRuntime, type RuntimeHandle } from "./runtime.ts"
import { sidecarPlugins } from "./plugins.ts"

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

/** Start a runtime from a Layotto/MOSN-shaped config; rejects with the first ConfigError or startup failure. */
export const startFromConfig = async (config: unknown): Promise<Running> => {
  const main = await startMain(runFromConfig(config), runtimeLayer(sidecarPlugins))
  const { handle, lifecycle } = main.value
  let stopping: Promise<{ drained: boolean; left: number }> | undefined
  return {
    handle,
    lifecycle,
    reload: async (next) => {
      if (lifecycle.draining()) throw new Error("the runtime is draining")
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
