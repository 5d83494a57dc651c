// A client built on the Transport and PipeListeners services, closed with the current scope.
import { Effect, type Scope } from "effect"
import { PipeListeners, type PipeListenersShape } from "./pipe-listeners.ts"
import { Transport, type TransportShape } from "./transport.ts"

/** Build `make(transport, pipes)` now; `close()` runs when the scope closes (channels, pools). */
export const scopedClient = <C extends { close(): void }>(
  make: (transport: TransportShape, pipes: PipeListenersShape) => C
): Effect.Effect<C, never, Transport | PipeListeners | Scope.Scope> =>
  Effect.gen(function*() {
    const transport = yield* Transport
    const pipes = yield* PipeListeners
    return yield* Effect.acquireRelease(Effect.sync(() => make(transport, pipes)), (c) => Effect.sync(() => c.close()))
  })
