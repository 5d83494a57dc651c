// Test fixture: a scripted Bolt peer behind a named pipe listener, and a channel wired to it.
import { Effect, Exit, Layer, Scope } from "effect"
import { PipeListeners, Transport } from "@mosaic/transport"
import * as NodeTransport from "@mosaic/transport-node"
import type { RpcRequest } from "@mosaic/rpc"
import { type BoltFrame, createBoltDecoder } from "@mosaic/protocol-bolt"
import { type BoltChannelOptions, makeBoltChannel } from "./bolt-channel.ts"

export const enc = (s: string) => new TextEncoder().encode(s)
export const dec = (b: Uint8Array) => new TextDecoder().decode(b)

export const request = (over: Partial<RpcRequest> = {}, timeoutMs = 2000): RpcRequest => ({
  id: "com.example.EchoService:1.0", method: "echo", contentType: "", header: {}, data: enc("raw"),
  timeoutMs, deadline: Date.now() + timeoutMs, signal: AbortSignal.timeout(timeoutMs), ...over
})

/** Runs `body` with a channel whose listener "egress" is a peer answering each frame with `answer(frame)`. */
export const withPeer = async (
  answer: (frame: BoltFrame) => Uint8Array | undefined,
  options: Partial<BoltChannelOptions>,
  body: (ch: ReturnType<typeof makeBoltChannel>, seen: Array<BoltFrame>) => Promise<void>
) => {
  const scope = Effect.runSync(Scope.make())
  const { transport, pipes } = await Effect.runPromise(Effect.gen(function*() {
    return { transport: yield* Transport, pipes: yield* PipeListeners }
  }).pipe(Effect.provide(Layer.mergeAll(NodeTransport.layer, PipeListeners.layer))))
  const seen: Array<BoltFrame> = []
  await Effect.runPromise(pipes.register("egress", (conn) => {
    const d = createBoltDecoder()
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
  const ch = makeBoltChannel({
    version: 1, crc: false, listener: "egress", size: 1, strategy: "round_robin", connectTimeoutMs: 1000,
    heartbeat: { intervalMs: 0, timeoutMs: 1000, maxFailures: 3 }, maxFrameBytes: 1 << 20,
    className: "com.alipay.sofa.rpc.core.request.SofaRequest", dialect: "draft", maxTargetPools: 4, ...options
  }, transport, pipes)
  try {
    await body(ch, seen)
  } finally {
    ch.close()
    await Effect.runPromise(Scope.close(scope, Exit.void))
  }
}
