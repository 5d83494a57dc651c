// Runs a runtime from a config value: start, reload (same checks as start; the old config keeps serving on failure), drain and close.
import { Cause, Effect, Exit, Scope } from "effect"
import { Lifecycle, type LifecycleShape } from "@mosaic/kernel"
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

/** Start a runtime from a Layotto/MOSN-shaped config; rejects with the first ConfigError or startup failure. */
export const startFromConfig = async (config: unknown): Promise<Running> => {
  const scope = Effect.runSync(Scope.make())
  const program = Effect.gen(function*() {
    const model = yield* fromLayottoConfig(config)
    const handle = yield* startRuntime(model)
    const lifecycle = yield* Lifecycle
    lifecycle.ready()
    return { handle, lifecycle }
  }).pipe(Effect.provide(runtimeLayer(sidecarPlugins)), Scope.provide(scope))
  const exit = await Effect.runPromiseExit(program as Effect.Effect<{ handle: RuntimeHandle; lifecycle: LifecycleShape }, unknown>)
  if (Exit.isFailure(exit)) {
    await Effect.runPromise(Scope.close(scope, Exit.void))
    throw firstError(exit.cause)
  }
  const { handle, lifecycle } = exit.value
  let stopping: Promise<{ drained: boolean; left: number }> | undefined
  return {
    handle,
    lifecycle,
    reload: async (next) => {
      if (lifecycle.draining()) throw new Error("the runtime is draining")
      const r = await Effect.runPromiseExit(fromLayottoConfig(next).pipe(Effect.flatMap(handle.reload)))
      if (Exit.isFailure(r)) throw firstError(r.cause)
    },
    stop: (drainMs = 5000) =>
      stopping ??= (async () => {
        const r = await Effect.runPromise(lifecycle.shutdown(drainMs))
        await Effect.runPromise(Scope.close(scope, Exit.void))
        return r
      })()
  }
}

/** The first failure of a cause: the typed error, else the defect. */
const firstError = (cause: Cause.Cause<unknown>): unknown => {
  const reason = cause.reasons[0]
  if (reason === undefined) return new Error("startup failed")
  return Cause.isFailReason(reason) ? reason.error : Cause.isDieReason(reason) ? reason.defect : new Error("interrupted")
}
