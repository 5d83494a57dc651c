// Tests: the `transmeta` stream filter on HTTP/1: formats filled in (B3/SOFA -> traceparent), nothing changed when complete, generation.
import { test } from "node:test"
import assert from "node:assert/strict"
import type { IncomingHttpHeaders } from "node:http"
import { connect, get, runProxy, startUpstream } from "../../../test-support/harness.ts"
import { filterConfig } from "../../../test-support/streams.ts"

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
const SPAN = "00f067aa0ba902b7"

const withProxy = async (filterCfg: object, body: (send: (h: Record<string, string>) => Promise<IncomingHttpHeaders>) => Promise<void>) => {
  let seen: IncomingHttpHeaders = {}
  const up = await startUpstream((req, res) => {
    seen = req.headers
    res.end("ok")
  })
  const p = await runProxy(filterConfig({ c: [up.address] }, [{ match: { prefix: "/" }, route: { cluster_name: "c" } }], [{ type: "transmeta", config: filterCfg }]))
  const c = await connect(p.port())
  try {
    await body(async (h) => {
      const [r] = await c.send(get("/", h))
      assert.equal(r!.status, 200)
      return seen
    })
  } finally {
    c.destroy()
    await p.close()
    await up.close()
  }
}

test("transmeta: B3-only and SOFA-only calls reach the upstream with a traceparent naming the same trace", async () => {
  await withProxy({}, async (send) => {
    const b3 = await send({ "x-b3-traceid": TRACE, "x-b3-spanid": SPAN, "x-b3-sampled": "1" })
    assert.equal(b3.traceparent, `00-${TRACE}-${SPAN}-01`)
    assert.equal(b3["x-b3-traceid"], TRACE)
    const sofa = await send({ "rpc_trace_context.sofatraceid": "0ad1348f1403169275002100356696" })
    assert.match(String(sofa.traceparent), /^00-000ad1348f1403169275002100356696-[0-9a-f]{16}-01$/)
  })
})

test("transmeta: a complete traceparent is left exactly as sent; no trace and no generation adds nothing", async () => {
  await withProxy({}, async (send) => {
    const tp = `00-${TRACE}-${SPAN}-00`
    const seen = await send({ traceparent: tp, tracestate: "k=v" })
    assert.equal(seen.traceparent, tp)
    assert.equal(seen.tracestate, "k=v")
    const none = await send({})
    assert.equal(none.traceparent, undefined)
  })
})

test("transmeta: generate_trace gives a call without a trace a new W3C trace (and B3 when asked); ids differ per call", async () => {
  await withProxy({ generate_trace: true, b3: "multi" }, async (send) => {
    const a = await send({})
    const b = await send({})
    const m = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(String(a.traceparent))
    assert.ok(m, String(a.traceparent))
    assert.equal(a["x-b3-traceid"], m![1])
    assert.equal(a["x-b3-spanid"], m![2])
    assert.notEqual(a.traceparent, b.traceparent)
  })
})

test("transmeta: a bad config fails with its path", async () => {
  await assert.rejects(
    runProxy(filterConfig({ c: ["127.0.0.1:1"] }, [{ match: { prefix: "/" }, route: { cluster_name: "c" } }], [{ type: "transmeta", config: { b3: "both" } }])),
    /stream_filters\[0\]\.config\.b3/
  )
})
