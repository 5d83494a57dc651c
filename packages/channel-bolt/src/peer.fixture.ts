// Test fixture: a scripted Bolt peer behind a named pipe listener, and a channel wired to it.
import type { RpcRequest } from "@mosaic/rpc"
import { withScriptedPeer } from "../../channel-mux/src/scripted-peer.fixture.ts"
import { type BoltFrame, createBoltDecoder } from "@mosaic/protocol-bolt"
import { type BoltChannelOptions, makeBoltChannel } from "./bolt-channel.ts"

export const enc = (s: string) => new TextEncoder().encode(s)
export const dec = (b: Uint8Array) => new TextDecoder().decode(b)

export const request = (over: Partial<RpcRequest> = {}, timeoutMs = 2000): RpcRequest => ({
  id: "com.example.EchoService:1.0", method: "echo", contentType: "", header: {}, data: enc("raw"),
  timeoutMs, deadline: Date.now() + timeoutMs, signal: AbortSignal.timeout(timeoutMs), ...over
})

/** The channel options of these tests (v1, one connection, no heartbeats); `listener` is set by each test. */
export const testOptions = (over: Partial<BoltChannelOptions> = {}): BoltChannelOptions => ({
  version: 1, crc: false, listener: "egress", size: 1, strategy: "round_robin", connectTimeoutMs: 1000,
  heartbeat: { intervalMs: 0, timeoutMs: 1000, maxFailures: 3 }, maxFrameBytes: 1 << 20,
  className: "com.alipay.sofa.rpc.core.request.SofaRequest", dialect: "draft", maxTargetPools: 4,
  trace: { generate: false }, ...over
})

/** Runs `body` with a channel whose listener "egress" is a peer answering each frame with `answer(frame)`. */
export const withPeer = (
  answer: (frame: BoltFrame) => Uint8Array | undefined,
  options: Partial<BoltChannelOptions>,
  body: (ch: ReturnType<typeof makeBoltChannel>, seen: Array<BoltFrame>) => Promise<void>
) =>
  withScriptedPeer({
    decoder: () => createBoltDecoder(),
    answer,
    channel: (transport, pipes) => makeBoltChannel(testOptions(options), transport, pipes)
  }, body)
