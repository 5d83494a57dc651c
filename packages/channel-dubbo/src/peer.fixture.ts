// Test fixture: a scripted Dubbo peer behind a named pipe listener, and a channel wired to it.
import { Effect, Exit, Layer, Scope } from "effect"
import { PipeListeners, Transport } from "@mosaic/transport"
import * as NodeTransport from "@mosaic/transport-node"
import type { RpcRequest } from "@mosaic/rpc"
import { createDubboDecoder, type DubboFrame } from "@mosaic/protocol-dubbo"
import { type DubboChannelOptions, makeDubboChannel } from "./dubbo-channel.ts"

export const enc = (s: string) => new TextEncoder().encode(s)
export const dec = (b: Uint8Array) => new TextDecoder().decode(b)

export const request = (over: Partial<RpcRequest> = {}, timeoutMs = 2000): RpcRequest => ({
  id: "org.apache.dubbo.samples.UserProvider", method: "GetUser", contentType: "application/json", header: {}, data: enc("[]"),
  timeoutMs, deadline: Date.now() + timeoutMs, signal: AbortSignal.timeout(timeoutMs), ...over
})

/** Runs `body` with a channel whose listener "egress" is a peer answering each frame with `answer(frame)`. */
export const withPeer = async (
  answer: (frame: DubboFrame) => Uint8Array | undefined,
  options: Partial<DubboChannelOptions>,
  body: (ch: ReturnType<typeof makeDubboChannel>, seen: Array<DubboFrame>) => Promise<void>
) => {
  const scope = Effect.runSync(Scope.make())
  const { transport, pipes } = await Effect.runPromise(Effect.gen(function*() {
    return { transport: yield* Transport, pipes: yield* PipeListeners }
  }).pipe(Effect.provide(Layer.mergeAll(NodeTransport.layer, PipeListeners.layer))))
  const seen: Array<DubboFrame> = []
  await Effect.runPromise(pipes.register("egress", (conn) => {
    const d = createDubboDecoder()
    conn.setHandler({
      onData: (chunk) => {
        for (const { frame } of d.push(chunk)) {
          seen.push(frame)
          const reply = answer(frame)
          if (reply !== undefined) conn.write(reply)
        }
      },
      onClose: () => {}
    })
  }).pipe(Scope.provide(scope)))
  const ch = makeDubboChannel({
    listener: "egress", size: 1, strategy: "round_robin", connectTimeoutMs: 1000,
    heartbeat: { intervalMs: 0, timeoutMs: 1000, maxFailures: 3 }, maxBodyBytes: 1 << 20, dubboVersion: "2.0.2", maxTargetPools: 4, ...options
  }, transport, pipes)
  try {
    await body(ch, seen)
  } finally {
    ch.close()
    await Effect.runPromise(Scope.close(scope, Exit.void))
  }
}
