// Graceful lifecycle: count in-flight requests, stop accepting on shutdown, drain up to a deadline.
import { Context, Effect, Layer, type Scope } from "effect"

export interface LifecycleShape {
  /** True once shutdown began; new requests should be refused. */
  readonly draining: () => boolean
  /** Mark a request in flight; false when draining (refuse it). */
  readonly begin: () => boolean
  /** Mark a request done. */
  readonly end: () => void
  readonly inFlight: () => number
  /** Register a "stop accepting" hook for the life of the scope (listeners close their sockets). */
  readonly onStop: (hook: () => Promise<void> | void) => Effect.Effect<void, never, Scope.Scope>
  /** Stop accepting, then wait until nothing is in flight or `deadlineMs` passes. */
  readonly shutdown: (deadlineMs: number) => Effect.Effect<{ readonly drained: boolean; readonly left: number }>
}

export const makeLifecycle = (): LifecycleShape => {
  let draining = false
  let inFlight = 0
  const hooks = new Set<() => Promise<void> | void>()
  let idle: (() => void) | undefined
  return {
    draining: () => draining,
    begin: () => {
      if (draining) return false
      inFlight++
      return true
    },
    end: () => {
      inFlight--
      if (inFlight === 0 && idle !== undefined) idle()
    },
    inFlight: () => inFlight,
    onStop: (hook) =>
      Effect.acquireRelease(Effect.sync(() => void hooks.add(hook)), () => Effect.sync(() => void hooks.delete(hook))),
    shutdown: (deadlineMs) =>
      Effect.gen(function*() {
        draining = true
        yield* Effect.promise(() => Promise.allSettled([...hooks].map((h) => Promise.resolve().then(h))))
        if (inFlight === 0) return { drained: true, left: 0 }
        const drained = yield* Effect.promise(() =>
          new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), deadlineMs)
            idle = () => {
              clearTimeout(timer)
              resolve(true)
            }
          })
        )
        return { drained, left: inFlight }
      })
  }
}

export class Lifecycle extends Context.Service<Lifecycle, LifecycleShape>()("@mosaic/kernel/Lifecycle") {
  static readonly layer = Layer.sync(Lifecycle, makeLifecycle)
}
