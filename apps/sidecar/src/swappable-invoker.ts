// An invoker that forwards to the one in force (a reload swaps it; the old one closes once idle), counting calls when metrics are on.
import { Effect, Exit, Scope } from "effect"
import type { InvokerShape } from "@mosaic/rpc"
import { InvokeMetrics } from "./invoke-metrics.ts"

/** One built invoker and the scope of its channels; counts its calls so it can close when the last one ends. */
class Generation {
  readonly invoker: InvokerShape
  readonly scope: Scope.Closeable
  private calls = 0
  private retired = false

  constructor(invoker: InvokerShape, scope: Scope.Closeable) {
    this.invoker = invoker
    this.scope = scope
  }

  invoke: InvokerShape["invoke"] = (request, options) => {
    this.calls++
    let done: Promise<Awaited<ReturnType<InvokerShape["invoke"]>>>
    try {
      done = this.invoker.invoke(request, options)
    } catch (e) {
      this.end()
      throw e
    }
    return done.finally(() => this.end())
  }

  /** No new calls come; close its channels when the calls in flight are done, then run `closed`. */
  retire(closed?: () => void): void {
    this.retired = true
    this.closed = closed
    if (this.calls === 0) this.close()
  }

  private end(): void {
    if (--this.calls === 0 && this.retired) this.close()
  }

  private closed: (() => void) | undefined = undefined

  private close(): void {
    const closed = this.closed
    Effect.runPromise(Scope.close(this.scope, Exit.void)).finally(() => closed?.())
  }
}

export interface SwappableInvoker extends InvokerShape {
  /** Calls from now on go to `invoker` (whose channels live in `scope`); the previous one retires. */
  readonly swap: (invoker: InvokerShape, scope: Scope.Closeable) => void
  /** The ingress goes away: when the calls in flight are done, close the invoker's channels, then run `closed`. */
  readonly retireAll: (closed: () => void) => void
}

/** `metrics`: count and time every call (undefined: metrics off, nothing extra per call). */
export const makeSwappableInvoker = (invoker: InvokerShape, scope: Scope.Closeable, metrics?: InvokeMetrics): SwappableInvoker => {
  let current = new Generation(invoker, scope)
  const invoke: InvokerShape["invoke"] = metrics === undefined
    ? (request, options) => current.invoke(request, options)
    : (request, options) => {
      const t0 = performance.now()
      return current.invoke(request, options).then(
        (response) => {
          metrics.done(request.id, request.method, 0, t0)
          return response
        },
        (e: unknown) => {
          metrics.done(request.id, request.method, InvokeMetrics.codeOf(e), t0)
          throw e
        }
      )
    }
  return {
    invoke,
    swap: (next, nextScope) => {
      const old = current
      current = new Generation(next, nextScope)
      old.retire()
    },
    retireAll: (closed) => current.retire(closed)
  }
}
