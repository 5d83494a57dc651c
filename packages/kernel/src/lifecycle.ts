// Graceful lifecycle: readiness state, calls in flight counted once, stop accepting first, then drain to a deadline.
import { Context, Effect, Layer, type Scope } from "effect"

/** Layotto's actuator states: INIT while starting, UP when serving, DOWN once draining began. */
export type LifecycleState = "INIT" | "UP" | "DOWN"

export interface LifecycleShape {
  /** INIT until `ready()`, UP while serving, DOWN once shutdown began (readiness reports not-ready). */
  readonly state: () => LifecycleState
  /** Everything started: the state becomes UP (unless draining already). */
  readonly ready: () => void
  /** True once shutdown began: listeners stopped accepting; accepted work still runs to its end. */
  readonly draining: () => boolean
  /**
   * Count one call that came in from outside the process (a gRPC call, a request on an external proxy
   * connection). Never refuses: whatever a listener accepted runs to its end, drain or not. Work on
   * internal paths (a channel's pipe into a proxy listener) belongs to the call that started it and is
   * not counted again.
   */
  readonly enter: () => void
  /** That call is done. */
  readonly exit: () => void
  readonly inFlight: () => number
  /** Register a "stop accepting" hook for the life of the scope (external listeners close their sockets). */
  readonly onStop: (hook: () => Promise<void> | void) => Effect.Effect<void, never, Scope.Scope>
  /**
   * Drain in MOSN's and Envoy's order: report not-ready (DOWN), stop accepting at the external listeners,
   * then wait until no call is in flight or `deadlineMs` passes. Closing (the scope) is the caller's next step.
   */
  readonly shutdown: (deadlineMs: number) => Effect.Effect<{ readonly drained: boolean; readonly left: number }>
}

export const makeLifecycle = (): LifecycleShape => {
  let state: LifecycleState = "INIT"
  let inFlight = 0
  const hooks = new Set<() => Promise<void> | void>()
  const idle = new Set<() => void>()
  return {
    state: () => state,
    ready: () => {
      if (state === "INIT") state = "UP"
    },
    draining: () => state === "DOWN",
    enter: () => {
      inFlight++
    },
    exit: () => {
      if (--inFlight === 0) for (const wake of idle) wake()
    },
    inFlight: () => inFlight,
    onStop: (hook) =>
      Effect.acquireRelease(Effect.sync(() => void hooks.add(hook)), () => Effect.sync(() => void hooks.delete(hook))),
    shutdown: (deadlineMs) =>
      Effect.gen(function*() {
        state = "DOWN"
        yield* Effect.promise(() => Promise.allSettled([...hooks].map((h) => Promise.resolve().then(h))))
        if (inFlight === 0) return { drained: true, left: 0 }
        const drained = yield* Effect.promise(() =>
          new Promise<boolean>((resolve) => {
            const wake = () => {
              clearTimeout(timer)
              idle.delete(wake)
              resolve(true)
            }
            const timer = setTimeout(() => {
              idle.delete(wake)
              resolve(false)
            }, deadlineMs)
            idle.add(wake)
          })
        )
        return { drained, left: inFlight }
      })
  }
}

export class Lifecycle extends Context.Service<Lifecycle, LifecycleShape>()("@mosaic/kernel/Lifecycle") {
  static readonly layer = Layer.sync(Lifecycle, makeLifecycle)
}
