// Tests: transport failures are UNAVAILABLE (refused, no pipe listener, connection killed, the proxy's own replies), deadlines and remote exceptions.
import { test } from "node:test"
import assert from "node:assert/strict"
import { Code } from "@mosaic/kernel"
import type { RpcError } from "@mosaic/rpc"
import { type BoltFrame, BoltStatus, CmdType, createBoltDecoder, encodeResponse, RESPONSE_CLASS } from "@mosaic/protocol-bolt"
import { encode, encodeSofaResponse } from "@mosaic/hessian2"
import { nodeTransport, REFUSED_ADDRESS, settleTimed, startTcpPeer } from "../../channel-mux/src/tcp-peer.fixture.ts"
import { makeBoltChannel } from "./bolt-channel.ts"
import { dec, enc, request, testOptions, withPeer } from "./peer.fixture.ts"

const withChannel = async (listener: string, body: (ch: ReturnType<typeof makeBoltChannel>) => Promise<void>) => {
  const { transport, pipes } = await nodeTransport()
  const ch = makeBoltChannel(testOptions({ listener }), transport, pipes)
  try {
    await body(ch)
  } finally {
    ch.close()
  }
}
const reply = (f: BoltFrame, status: number, content: Uint8Array) => f.type === CmdType.ONEWAY ? undefined : encodeResponse({
  protocol: f.protocol, ver1: f.ver1, switchFlags: f.switchFlags, requestId: f.requestId, status, className: RESPONSE_CLASS, headers: new Map(), content
})
const json = (over: Parameters<typeof request>[0] = {}, timeoutMs?: number) => request({ contentType: "application/json", data: enc("[]"), ...over }, timeoutMs)

test("upstream down: a refused dial and a missing pipe listener are UNAVAILABLE at once", async () => {
  for (const listener of [REFUSED_ADDRESS, "egress_not_registered"]) {
    await withChannel(listener, async (ch) => {
      const t0 = Date.now()
      await assert.rejects(ch.do(request({}, 10_000)), (e: RpcError) => e.code === Code.UNAVAILABLE && e.message !== "")
      assert.ok(Date.now() - t0 < 5000, `${listener}: took ${Date.now() - t0} ms`)
    })
  }
})

test("the proxy's replies for transport trouble (NO_PROCESSOR, CONNECTION_CLOSED, with its exception body) are UNAVAILABLE", async () => {
  // As the proxy writes them: a RpcServerException with the reason as its detailMessage.
  const exception = (msg: string) => encode({
    $class: "com.alipay.remoting.rpc.exception.RpcServerException",
    $: { detailMessage: msg, stackTrace: { $class: "[java.lang.StackTraceElement", $: [] }, cause: null }
  }, { dialect: "draft" })
  const cases = [
    [BoltStatus.NO_PROCESSOR, "mosaic proxy: upstream connect failed: connect ECONNREFUSED 127.0.0.1:1"],
    [BoltStatus.NO_PROCESSOR, "mosaic proxy: no healthy upstream host"],
    [BoltStatus.CONNECTION_CLOSED, "mosaic proxy: upstream connection lost: upstream 127.0.0.1:12200 closed the connection"]
  ] as const
  let i = 0
  await withPeer((f) => reply(f, cases[i]![0], exception(cases[i++]![1])), {}, async (ch) => {
    for (const [status, text] of cases) {
      await assert.rejects(ch.do(json()), (e: RpcError) =>
        e.code === Code.UNAVAILABLE && e.message.endsWith(`: ${text}`) && e.metadata?.["bolt-status"] === String(status), text)
    }
  })
})

test("connection killed with 50 calls in flight: all fail UNAVAILABLE at once; the next call dials again", async () => {
  let hold = true
  const peer = await startTcpPeer(() => createBoltDecoder(), (f) => hold ? undefined : reply(f, BoltStatus.SUCCESS, enc("pong")))
  try {
    await withChannel(peer.address, async (ch) => {
      const calls = Array.from({ length: 50 }, () => ch.do(request({}, 30_000)))
      await peer.waitFor(50)
      assert.equal(ch.stats().inFlight, 50)
      const t0 = Date.now()
      hold = false
      peer.kill()
      const outcomes = await settleTimed(t0, calls)
      for (const o of outcomes) {
        assert.equal(o.ok, false)
        assert.equal((o.error as RpcError).code, Code.UNAVAILABLE, String(o.error))
        assert.ok(o.ms < 5000, `failed after ${o.ms} ms`)
      }
      assert.equal(ch.stats().inFlight, 0)
      assert.equal(dec((await ch.do(request())).data), "pong")
    })
  } finally {
    await peer.close()
  }
})

test("slow upstream: DEADLINE_EXCEEDED at the deadline; a remote exception is UNKNOWN with its message", async () => {
  const peer = await startTcpPeer(() => createBoltDecoder(), (f) =>
    f.headers.get("slow") === "1" ? undefined : reply(f, BoltStatus.SUCCESS, encodeSofaResponse({ isError: true, errorMsg: "no such echo" })))
  try {
    await withChannel(peer.address, async (ch) => {
      const t0 = Date.now()
      await assert.rejects(ch.do(request({ header: { slow: "1" } }, 150)), (e: RpcError) => e.code === Code.DEADLINE_EXCEEDED)
      const took = Date.now() - t0
      assert.ok(took >= 140 && took < 5000, `took ${took} ms`)
      assert.equal(ch.stats().inFlight, 0)
      await assert.rejects(ch.do(json()), (e: RpcError) => e.code === Code.UNKNOWN && e.message === "no such echo" && e.metadata?.["bolt-status"] === "0")
    })
  } finally {
    await peer.close()
  }
})
