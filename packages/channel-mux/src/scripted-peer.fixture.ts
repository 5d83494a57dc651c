// Test fixture (not shipped): a scripted protocol peer behind the pipe listener "egress", and a channel wired to it.
import { Effect, Exit, Layer, Scope } from "effect"
import { PipeListeners, type PipeListenersShape, Transport, type TransportShape } from "@mosaic/transport"
import * as NodeTransport from "@mosaic/transport-node"

export interface ScriptedPeer<F, C extends { close(): void }> {
  /** A fresh streaming decoder per connection. */
  readonly decoder: () => { push(chunk: Uint8Array): Iterable<{ readonly frame: F }> }
  /** The reply to one frame, or undefined for none. */
  readonly answer: (frame: F) => Uint8Array | undefined
  /** The channel under test, dialling the listener "egress". */
  readonly channel: (transport: TransportShape, pipes: PipeListenersShape) => C
}

/** Runs `body` with the channel and every frame the peer received; everything is closed after. */
export const withScriptedPeer = async <F, C extends { close(): void }>(
  peer: ScriptedPeer<F, C>,
  body: (channel: C, seen: Array<F>) => Promise<void>
): Promise<void> => {
  const scope = Effect.runSync(Scope.make())
  const { transport, pipes } = await Effect.runPromise(Effect.gen(function*() {
    return { transport: yield* Transport, pipes: yield* PipeListeners }
  }).pipe(Effect.provide(Layer.mergeAll(NodeTransport.layer, PipeListeners.layer))))
  const seen: Array<F> = []
  await Effect.runPromise(pipes.register("egress", (conn) => {
    const d = peer.decoder()
    conn.setHandler({
      onData: (chunk) => {
        for (const { frame } of d.push(chunk)) {
          seen.push(frame)
          const reply = peer.answer(frame)
          if (reply !== undefined) conn.write(reply)
        }
      },
      onClose: () => {}
    })
  }).pipe(Scope.provide(scope)))
  const channel = peer.channel(transport, pipes)
  try {
    await body(channel, seen)
  } finally {
    channel.close()
    await Effect.runPromise(Scope.close(scope, Exit.void))
  }
}
