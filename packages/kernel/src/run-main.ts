// One program entry: build a scoped program and its layer in a scope of their own; close it later, or run it until SIGINT/SIGTERM.
import { Cause, Context, Effect, Exit, Layer, Runtime, Scope } from "effect"

/** A started program: its value, and the scope everything it built lives in. */
export interface MainHandle<A> {
  readonly value: A
  /** Close the program's scope: finalizers run in reverse order (the first call closes; later calls get the same promise). */
  readonly close: () => Promise<void>
}

/** Build `layer` and run `program` in `scope`: both live until the scope closes. */
const inScope = <A, E, R, LE>(
  program: Effect.Effect<A, E, R | Scope.Scope>,
  layer: Layer.Layer<R, LE>,
  scope: Scope.Scope
): Effect.Effect<A, E | LE> =>
  Layer.buildWithScope(layer, scope).pipe(
    Effect.flatMap((services) => program.pipe(Effect.provideContext(services), Scope.provide(scope)))
  )

/** The layer of a program that needs nothing but its Scope: only called where the overloads made `R` never. */
const noServices = <R>(): Layer.Layer<R> => Layer.succeedContext(Context.empty() as Context.Context<R>)

/**
 * Start `program` (with the services of `layer`) in a new scope and keep it open: "start, keep running,
 * close later". A failure closes whatever was built and rejects with the error `Cause.squash` picks
 * (the first typed error, else the defect).
 */
export const startMain: {
  <A, E>(program: Effect.Effect<A, E, Scope.Scope>): Promise<MainHandle<A>>
  <A, E, R, LE>(program: Effect.Effect<A, E, R | Scope.Scope>, layer: Layer.Layer<R, LE>): Promise<MainHandle<A>>
} = async <A, E, R, LE>(program: Effect.Effect<A, E, R | Scope.Scope>, layer?: Layer.Layer<R, LE>): Promise<MainHandle<A>> => {
  const scope = Scope.makeUnsafe()
  const exit = await Effect.runPromiseExit(inScope(program, layer ?? noServices<R>(), scope))
  if (Exit.isFailure(exit)) {
    await Effect.runPromise(Scope.close(scope, exit))
    throw Cause.squash(exit.cause)
  }
  let closing: Promise<void> | undefined
  return { value: exit.value, close: () => closing ??= Effect.runPromise(Scope.close(scope, Exit.void)) }
}

/** The process as far as `runMain` uses it; absent where there is none (then no signal handling). */
interface Host {
  on(signal: string, listener: () => void): unknown
  off(signal: string, listener: () => void): unknown
  exit(code: number): void
}

const host = (): Host | undefined => (globalThis as { process?: Host }).process

const runner = (onFailure: (error: unknown) => void) =>
  Runtime.makeRunMain(({ fiber }) => {
    const proc = host()
    let signalled = false
    const onSignal = () => {
      // a second signal while the scope closes (a long drain): leave now
      if (signalled) return proc?.exit(1)
      signalled = true
      fiber.interruptUnsafe()
    }
    proc?.on("SIGINT", onSignal)
    proc?.on("SIGTERM", onSignal)
    fiber.addObserver((exit) => {
      proc?.off("SIGINT", onSignal)
      proc?.off("SIGTERM", onSignal)
      if (Exit.isSuccess(exit)) return signalled ? proc?.exit(0) : undefined
      if (signalled && Cause.hasInterruptsOnly(exit.cause)) return proc?.exit(0)
      const error = Cause.squash(exit.cause)
      onFailure(error)
      proc?.exit(Runtime.getErrorExitCode(error))
    })
  })

/** How `runMain` reports a failure: the squashed error's message on stderr. */
const printFailure = (error: unknown): void => console.error((error as { message?: unknown } | null)?.message ?? String(error))

/**
 * Run `program` (with the services of `layer`) as the process: "run until a signal". SIGINT/SIGTERM
 * interrupt it and its scope closes (finalizers in reverse order, e.g. a drain registered last runs
 * first), then the process exits 0; a second signal exits 1 at once. A failure prints the error
 * `Cause.squash` picks and exits 1. A server ends its program with `Effect.never`.
 */
export const runMain: {
  <A, E>(program: Effect.Effect<A, E, Scope.Scope>): void
  <A, E, R, LE>(program: Effect.Effect<A, E, R | Scope.Scope>, layer: Layer.Layer<R, LE>): void
} = <A, E, R, LE>(program: Effect.Effect<A, E, R | Scope.Scope>, layer?: Layer.Layer<R, LE>): void => {
  const main = Effect.scope.pipe(Effect.flatMap((scope) => inScope(program, layer ?? noServices<R>(), scope)))
  runner(printFailure)(Effect.scoped(main), { disableErrorReporting: true })
}
