// Tests: the `transmeta` stream filter on HTTP/1 (real sockets), and on RPC protocols through the codec each supplies: formats filled in (B3/SOFA -> traceparent), nothing changed when complete, generation.
import { test } from "node:test"
import assert from "node:assert/strict"
import type { IncomingHttpHeaders } from "node:http"
import { dubboMeta, type MetaInfo } from "@mosaic/transmeta"
import { connect, get, runProxy, startUpstream } from "../../../test-support/harness.ts"
import { filterConfig } from "../../../test-support/streams.ts"
import type { HeaderMap, StreamFilterHandler } from "../filter.ts"
import { META_VARIABLE, transmetaFilter } from "./transmeta.ts"

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

/** A request of protocol `name` as the filter sees it: a header map that counts writes, the protocol's trace codec. */
const rpcRequest = (name: string, traceCodec: StreamFilterHandler["traceCodec"], headers: Record<string, string>) => {
  const map = new Map(Object.entries(headers))
  const vars = new Map<string, unknown>()
  let writes = 0
  const requestHeaders: HeaderMap = {
    get: (k) => map.get(k),
    set: (k, v) => void (writes++, map.set(k, v)),
    add: (k, v) => void (writes++, map.set(k, v)),
    del: (k) => void (writes++, map.delete(k)),
    forEach: (f) => map.forEach(f)
  }
  const stream = { protocol: name, traceCodec, requestHeaders, setVariable: (k: string, v: unknown) => void vars.set(k, v) }
  return { stream: stream as unknown as StreamFilterHandler, map, vars, writes: () => writes }
}

test("transmeta: an RPC call is read and filled with the trace codec its protocol supplies, whatever the protocol's name", () => {
  const filter = transmetaFilter({ generate_trace: true, b3: "multi" })
  const r = rpcRequest("any-rpc", dubboMeta, {})
  assert.equal(filter.beforeRoute!(r.stream), "Continue")
  const tp = r.map.get("traceparent")
  assert.match(String(tp), /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/)
  // b3 is an HTTP/1 option: the protocol's codec writes its own keys only
  assert.equal(r.map.get("x-b3-traceid"), undefined)
  assert.equal((r.vars.get(META_VARIABLE) as MetaInfo).trace?.traceId, tp!.slice(3, 35))

  // a complete trace: nothing written (the frame keeps its raw bytes)
  const full = rpcRequest("any-rpc", dubboMeta, { traceparent: `00-${TRACE}-${SPAN}-01` })
  filter.beforeRoute!(full.stream)
  assert.equal(full.writes(), 0)
  assert.equal((full.vars.get(META_VARIABLE) as MetaInfo).trace?.traceId, TRACE)
})

test("transmeta: a protocol without a trace codec is left alone, even one named like a known RPC protocol", () => {
  const filter = transmetaFilter({ generate_trace: true, b3: "none" })
  const r = rpcRequest("bolt", undefined, { traceparent: `00-${TRACE}-${SPAN}-01` })
  assert.equal(filter.beforeRoute!(r.stream), "Continue")
  assert.equal(r.writes(), 0)
  assert.equal(r.vars.has(META_VARIABLE), false)
})
