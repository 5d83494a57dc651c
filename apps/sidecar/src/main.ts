// Runs a runtime from a config value until SIGINT/SIGTERM, then drains and exits.
import { Effect, Exit, Scope } from "effect"
import { Lifecycle } from "@mosaic/kernel"
import { fromLayottoConfig } from "./layotto-config.ts"
import { runtimeLayer, startRuntime, type RuntimeHandle } from "./runtime.ts"
import { sidecarPlugins } from "./plugins.ts"

export interface Running {
  readonly handle: RuntimeHandle
  /** Stop accepting, drain in-flight calls up to `drainMs`, then close everything. */
  readonly stop: (drainMs?: number) => Promise<{ drained: boolean; left: number }>
}

/** Start a runtime from a Layotto/MOSN-shaped config; rejects with the first ConfigError or startup failure. */
export const startFromConfig = async (config: unknown): Promise<Running> => {
  const scope = Effect.runSync(Scope.make())
  const program = Effect.gen(function*() {
    const model = yield* fromLayottoConfig(config)
    const handle = yield* startRuntime(model)
    const lifecycle = yield* Lifecycle
    return { handle, lifecycle }
  }).pipe(Effect.provide(runtimeLayer(sidecarPlugins)), Scope.provide(scope))
  const exit = await Effect.runPromiseExit(program as Effect.Effect<{ handle: RuntimeHandle; lifecycle: Lifecycle["Service"] }, unknown>)
  if (Exit.isFailure(exit)) {
    await Effect.runPromise(Scope.close(scope, Exit.void))
    throw squash(exit)
  }
  const { handle, lifecycle } = exit.value
  return {
    handle,
    stop: async (drainMs = 5000) => {
      const r = await Effect.runPromise(lifecycle.shutdown(drainMs))
      await Effect.runPromise(Scope.close(scope, Exit.void))
      return r
    }
  }
}

const squash = (exit: Exit.Failure<unknown, unknown>): unknown => {
  const reasons = (exit.cause as unknown as { reasons: Array<{ error?: unknown; defect?: unknown }> }).reasons
  const first = reasons[0]
  return first?.error ?? first?.defect ?? new Error("startup failed")
}
