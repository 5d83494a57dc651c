// Run an effect in a new child scope of a long-lived one, keeping the scope open on success and closing it on failure.
import { Effect, Exit, Scope } from "effect"

/**
 * Fork a child of `parent`, run `effect` in it, and hand back the value with the child scope (closed later by
 * the caller: a reload retiring what it built, a listener going away). On failure the child is closed first.
 */
export const inChildScope = <A, E, R>(
  parent: Scope.Scope,
  effect: Effect.Effect<A, E, R | Scope.Scope>
): Effect.Effect<{ readonly value: A; readonly scope: Scope.Closeable }, E, Exclude<R, Scope.Scope>> =>
  Effect.gen(function*() {
    const scope = yield* Scope.fork(parent)
    const exit = yield* Effect.exit(effect.pipe(Scope.provide(scope)))
    if (Exit.isFailure(exit)) {
      yield* Scope.close(scope, Exit.void)
      return yield* Effect.failCause(exit.cause)
    }
    return { value: exit.value, scope }
  }) as Effect.Effect<{ readonly value: A; readonly scope: Scope.Closeable }, E, Exclude<R, Scope.Scope>>
