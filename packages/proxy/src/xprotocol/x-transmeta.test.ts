// Tests (real sockets): the `transmeta` stream filter on Bolt, Dubbo and TTHeader: the trace reaches the upstream in each protocol's own keys.
import { test } from "node:test"
import assert from "node:assert/strict"
import { runProxy } from "../../test-support/harness.ts"
import { xCases } from "../../test-support/x-cases.ts"
import { xListenerConfig } from "../../test-support/x-peers.ts"

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
const SPAN = "00f067aa0ba902b7"
const TRACEPARENT = `00-${TRACE}-${SPAN}-01`
const SOFA_ID = "0ad1348f1403169275002100356696"

const cluster = (address: string) => ({ name: "c", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address }] })

for (const k of xCases) {
  test(`${k.name}: transmeta keeps a complete trace as sent (raw bytes), and generate_trace gives a bare call a W3C trace`, async () => {
    const up = await k.echoPeer("up")
    const p = await runProxy(xListenerConfig(k.name, [{ match: { headers: [] }, route: { cluster_name: "c" } }], [cluster(up.address)], [
      { type: "transmeta", config: { generate_trace: true } }
    ]))
    const c = await k.rpc(p.port())
    try {
      // a call that has every key its protocol's codec writes: nothing changes, the frame is forwarded raw
      const full: Record<string, string> = k.name === "bolt"
        ? { traceparent: TRACEPARENT, "rpc_trace_context.sofaTraceId": TRACE, "rpc_trace_context.sofaRpcId": "0" }
        : { traceparent: TRACEPARENT }
      const sent = k.call(1, "one", full)
      const a = await c.call(sent.slice(), 1)
      assert.deepEqual([k.status(a), k.text(a)], [k.ok, "up:one"])
      assert.equal(up.raws[0]!.length, sent.length)
      assert.equal(k.requestHeader(up.seen[0], "traceparent"), TRACEPARENT)

      const b = await c.call(k.call(2, "two"), 2)
      assert.equal(k.text(b), "up:two")
      const tp = k.requestHeader(up.seen[1], "traceparent")
      assert.match(String(tp), /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/)
      if (k.name === "bolt") assert.equal(k.requestHeader(up.seen[1], "rpc_trace_context.sofaTraceId"), tp!.slice(3, 35))
    } finally {
      c.destroy()
      await p.close()
      await up.close()
    }
  })
}

test("bolt: a call with only traceparent reaches the upstream with the SOFA tracer keys; a SOFA-only call gets a traceparent", async () => {
  const k = xCases.find((c) => c.name === "bolt")!
  const up = await k.echoPeer("up")
  const p = await runProxy(xListenerConfig("bolt", [{ match: { headers: [] }, route: { cluster_name: "c" } }], [cluster(up.address)], [{ type: "transmeta" }]))
  const c = await k.rpc(p.port())
  try {
    await c.call(k.call(1, "w3c", { traceparent: TRACEPARENT }), 1)
    assert.equal(k.requestHeader(up.seen[0], "rpc_trace_context.sofaTraceId"), TRACE)
    assert.equal(k.requestHeader(up.seen[0], "rpc_trace_context.sofaRpcId"), "0")
    await c.call(k.call(2, "sofa", { "rpc_trace_context.sofaTraceId": SOFA_ID, "rpc_trace_context.sofaRpcId": "0.1" }), 2)
    assert.equal(k.requestHeader(up.seen[1], "rpc_trace_context.sofaTraceId"), SOFA_ID)
    assert.match(String(k.requestHeader(up.seen[1], "traceparent")), new RegExp(`^00-00${SOFA_ID}-[0-9a-f]{16}-01$`))
    // no trace and no generation: nothing added
    await c.call(k.call(3, "none"), 3)
    assert.equal(k.requestHeader(up.seen[2], "traceparent"), undefined)
  } finally {
    c.destroy()
    await p.close()
    await up.close()
  }
})
