// Test fixture: a scripted Dubbo peer behind a named pipe listener, and a channel wired to it.
import type { RpcRequest } from "@mosaic/rpc"
import { withScriptedPeer } from "../../channel-mux/src/scripted-peer.fixture.ts"
import { createDubboDecoder, type DubboFrame } from "@mosaic/protocol-dubbo"
import { type DubboChannelOptions, makeDubboChannel } from "./dubbo-channel.ts"

export const enc = (s: string) => new TextEncoder().encode(s)
export const dec = (b: Uint8Array) => new TextDecoder().decode(b)

export const request = (over: Partial<RpcRequest> = {}, timeoutMs = 2000): RpcRequest => ({
  id: "org.apache.dubbo.samples.UserProvider", method: "GetUser", contentType: "application/json", header: {}, data: enc("[]"),
  timeoutMs, deadline: Date.now() + timeoutMs, signal: AbortSignal.timeout(timeoutMs), ...over
})

/** The channel options of these tests (one connection, no heartbeats); `listener` is set by each test. */
export const testOptions = (over: Partial<DubboChannelOptions> = {}): DubboChannelOptions => ({
  listener: "egress", size: 1, strategy: "round_robin", connectTimeoutMs: 1000,
  heartbeat: { intervalMs: 0, timeoutMs: 1000, maxFailures: 3 }, maxBodyBytes: 1 << 20, dubboVersion: "2.0.2", maxTargetPools: 4,
  trace: { generate: false }, ...over
})

/** Runs `body` with a channel whose listener "egress" is a peer answering each frame with `answer(frame)`. */
export const withPeer = (
  answer: (frame: DubboFrame) => Uint8Array | undefined,
  options: Partial<DubboChannelOptions>,
  body: (ch: ReturnType<typeof makeDubboChannel>, seen: Array<DubboFrame>) => Promise<void>
) =>
  withScriptedPeer({
    decoder: () => createDubboDecoder(),
    answer,
    channel: (transport, pipes) => makeDubboChannel(testOptions(options), transport, pipes)
  }, body)
