// Named in-process listeners: a proxy listener registers by name, a channel hands it one end of a pipe.
import { Context, Effect, Layer, type Scope } from "effect"
import type { Connection } from "./connection.ts"
import { createPipe } from "./pipe.ts"
import { TransportError } from "./errors.ts"

export type Accept = (connection: Connection) => void

export interface PipeListenersShape {
  /** Register `accept` under `name` for the life of the current scope. */
  readonly register: (name: string, accept: Accept) => Effect.Effect<void, TransportError, Scope.Scope>
  /** Open a pipe to the listener called `name`; the other end is accepted by it. */
  readonly connect: (name: string) => Connection | TransportError
  readonly has: (name: string) => boolean
}

export class PipeListeners extends Context.Service<PipeListeners, PipeListenersShape>()("@mosaic/transport/PipeListeners") {
  static readonly layer = Layer.sync(PipeListeners, () => {
    const byName = new Map<string, Accept>()
    return PipeListeners.of({
      register: (name, accept) =>
        Effect.acquireRelease(
          Effect.suspend(() =>
            byName.has(name)
              ? Effect.fail(new TransportError({ reason: "ListenFailed", message: `pipe listener "${name}" already registered` }))
              : Effect.sync(() => void byName.set(name, accept))
          ),
          () => Effect.sync(() => void byName.delete(name))
        ),
      connect: (name) => {
        const accept = byName.get(name)
        if (accept === undefined) {
          return new TransportError({ reason: "UnknownListener", message: `no listener named "${name}"` })
        }
        const [local, remote] = createPipe()
        accept(remote)
        return local
      },
      has: (name) => byName.has(name)
    })
  })
}
