// Tests: transport failures are UNAVAILABLE (refused, no pipe listener, connection killed, the proxy's own replies), deadlines and remote exceptions.
import { test } from "node:test"
import assert from "node:assert/strict"
import { Code } from "@mosaic/kernel"
import type { RpcError } from "@mosaic/rpc"
import { buildErrorResponse, createDubboDecoder, type DubboFrame, encodeResponse } from "@mosaic/protocol-dubbo"
import { decodeDubboRequestBody, encodeDubboResponseBody } from "@mosaic/hessian2"
import { nodeTransport, REFUSED_ADDRESS, settleTimed, startTcpPeer } from "../../channel-mux/src/tcp-peer.fixture.ts"
import { makeDubboChannel } from "./dubbo-channel.ts"
import { dec, request, testOptions, withPeer } from "./peer.fixture.ts"

const withChannel = async (listener: string, body: (ch: ReturnType<typeof makeDubboChannel>) => Promise<void>) => {
  const { transport, pipes } = await nodeTransport()
  const ch = makeDubboChannel(testOptions({ listener }), transport, pipes)
  try {
    await body(ch)
  } finally {
    ch.close()
  }
}
const isCode = (code: number) => (e: RpcError) => e.code === code
const ok = (f: DubboFrame) => encodeResponse({ requestId: f.requestId, body: encodeDubboResponseBody({ value: "ok" }) })
const methodOf = (f: DubboFrame) => decodeDubboRequestBody(f.body).method

test("upstream down: a refused dial and a missing pipe listener are UNAVAILABLE at once", async () => {
  for (const listener of [REFUSED_ADDRESS, "egress_not_registered"]) {
    await withChannel(listener, async (ch) => {
      const t0 = Date.now()
      await assert.rejects(ch.do(request({}, 10_000)), (e: RpcError) => e.code === Code.UNAVAILABLE && e.message !== "")
      assert.ok(Date.now() - t0 < 5000, `${listener}: took ${Date.now() - t0} ms`)
    })
  }
})

test("the proxy's own replies for transport trouble are UNAVAILABLE; a provider's same status keeps its code", async () => {
  const cases: ReadonlyArray<readonly [number, string, number]> = [
    [60, "mosaic proxy: upstream connect failed: connect ECONNREFUSED 127.0.0.1:1", Code.UNAVAILABLE],
    [80, "mosaic proxy: upstream connection lost: upstream 127.0.0.1:20880 closed the connection", Code.UNAVAILABLE],
    [60, "mosaic proxy: no healthy upstream host", Code.UNAVAILABLE],
    [60, "mosaic proxy: unknown cluster", Code.UNAVAILABLE],
    [80, "mosaic proxy: upstream reset before the response", Code.UNAVAILABLE],
    [100, "mosaic proxy: draining", Code.UNAVAILABLE],
    [60, "mosaic proxy: no route", Code.NOT_FOUND],
    [31, "mosaic proxy: upstream timeout", Code.DEADLINE_EXCEEDED],
    [100, "mosaic proxy: upstream overflow", Code.RESOURCE_EXHAUSTED],
    [60, "Not found exported service: a.B:1.0.0 in [a.B:1.0.0], may be version or group mismatch", Code.NOT_FOUND],
    [80, "mosaic proxy said nothing: upstream connect failed", Code.UNKNOWN],
    [80, "java.lang.NullPointerException", Code.UNKNOWN]
  ]
  let i = 0
  await withPeer((f) => buildErrorResponse(f, cases[i++]![0], cases[i - 1]![1]), {}, async (ch) => {
    for (const [status, text, code] of cases) {
      await assert.rejects(ch.do(request()), (e: RpcError) =>
        e.code === code && e.message.startsWith(`dubbo error code ${status}, `) && e.message.endsWith(`: ${text}`) &&
        e.metadata?.["dubbo-status"] === String(status), `${status} ${text}`)
    }
  })
})

test("connection killed with 50 calls in flight: all fail UNAVAILABLE at once; the next call dials again", async () => {
  let hold = true
  const peer = await startTcpPeer(() => createDubboDecoder(), (f) => hold ? undefined : ok(f))
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
      assert.equal(dec((await ch.do(request())).data), '"ok"')
    })
  } finally {
    await peer.close()
  }
})

test("slow upstream: DEADLINE_EXCEEDED at the deadline; a remote exception is UNKNOWN with its message", async () => {
  const ex = { $class: "java.lang.IllegalStateException", $: { detailMessage: "no such user", cause: null } }
  const peer = await startTcpPeer(() => createDubboDecoder(), (f) =>
    methodOf(f) === "Slow" ? undefined : encodeResponse({ requestId: f.requestId, body: encodeDubboResponseBody({ exception: ex }) }))
  try {
    await withChannel(peer.address, async (ch) => {
      const t0 = Date.now()
      await assert.rejects(ch.do(request({ method: "Slow" }, 150)), isCode(Code.DEADLINE_EXCEEDED))
      const took = Date.now() - t0
      assert.ok(took >= 140 && took < 5000, `took ${took} ms`)
      assert.equal(ch.stats().inFlight, 0)
      await assert.rejects(ch.do(request({ method: "GetUser" })), (e: RpcError) =>
        e.code === Code.UNKNOWN && e.message === "no such user" && e.metadata?.["remote-exception"] === "java.lang.IllegalStateException")
    })
  } finally {
    await peer.close()
  }
})
