// Tests: one call's metadata carried across protocols (grpc -> bolt -> http -> dubbo -> ttheader -> grpc) and back.
import { test } from "node:test"
import assert from "node:assert/strict"
import { boltMeta } from "./bolt-codec.ts"
import { dubboMeta } from "./dubbo-codec.ts"
import { grpcMeta, httpMeta } from "./http-codec.ts"
import { ttheaderMeta, ttheaderView } from "./ttheader-codec.ts"
import { type MetaInfo } from "./meta-info.ts"
import { recordView } from "./header-view.ts"

const T = "4bf92f3577b34da6a3ce929d0e0e4736"
const S = "00f067aa0ba902b7"
const NOW = 1_700_000_000_000
const SOFA_ID = "0ad1348f1403169275002100356696"

/** Writes `meta` with one codec and reads it back with the same, through a fresh header map. */
const hop = {
  grpc: (m: MetaInfo) => { const h: Record<string, string> = {}; grpcMeta.write(m, recordView(h), { now: NOW }); return grpcMeta.read(recordView(h), { now: NOW }) },
  http: (m: MetaInfo) => { const h: Record<string, string> = {}; httpMeta.write(m, recordView(h), { now: NOW }); return httpMeta.read(recordView(h), { now: NOW }) },
  bolt: (m: MetaInfo) => {
    const h = new Map<string, string>()
    const frameTimeoutMs = boltMeta.write(m, h, { now: NOW })
    return boltMeta.read(h, { now: NOW, ...(frameTimeoutMs === undefined ? {} : { frameTimeoutMs }) })
  },
  dubbo: (m: MetaInfo) => { const a: Record<string, unknown> = {}; dubboMeta.write(m, recordView(a), { now: NOW }); return dubboMeta.read(recordView(a), { now: NOW }) },
  ttheader: (m: MetaInfo) => {
    const v = ttheaderView(new Map(), new Map())
    ttheaderMeta.write(m, v, { now: NOW })
    return ttheaderMeta.read(v, { now: NOW })
  }
}

test("grpc -> bolt -> grpc -> dubbo -> ttheader -> grpc keeps the trace, tracestate, deadline and persistent keys", () => {
  let m = grpcMeta.read(recordView({
    traceparent: `00-${T}-${S}-01`, tracestate: "rojo=1", "grpc-timeout": "2S", "rpc-persist-user-id": "42", "rpc-transit-zone": "gz"
  }), { now: NOW })
  // SOFA's rpc id ("0" when written from W3C) is extra: it shows up after Bolt and is not carried by W3C hops.
  const view = (x: MetaInfo) => ({ trace: { ...x.trace, rpcId: undefined }, deadline: x.deadline, persistent: [...x.persistent] })
  const start = view(m)
  for (const name of ["bolt", "grpc", "dubbo", "ttheader", "grpc", "http"] as const) {
    m = hop[name](m)
    if (name === "http") {
      assert.equal(m.deadline, undefined, "plain HTTP carries no deadline")
      m.deadline = start.deadline
    }
    assert.deepEqual(view(m), start, `after ${name}`)
    if (name === "bolt") assert.equal(m.trace?.rpcId, "0")
    assert.deepEqual([...m.transient], [["ZONE", "gz"]], `transient after ${name} (one hop each time)`)
  }
})

test("a SOFA id survives SOFA and Kitex slots verbatim; a W3C-only hop carries the mapped 32 digits", () => {
  const fromSofa = boltMeta.read(new Map([["rpc_trace_context.sofaTraceId", SOFA_ID], ["rpc_trace_context.sofaRpcId", "0.1.2"]]))
  const viaKitex = hop.bolt(hop.ttheader(fromSofa))
  assert.equal(viaKitex.trace?.foreignTraceId, SOFA_ID)
  const out = new Map<string, string>()
  boltMeta.write(viaKitex, out)
  assert.equal(out.get("rpc_trace_context.sofaTraceId"), SOFA_ID)
  const viaGrpc = hop.grpc(fromSofa)
  assert.equal(viaGrpc.trace?.traceId, `00${SOFA_ID}`)
  assert.equal(viaGrpc.trace?.foreignTraceId, undefined)
  assert.equal(viaGrpc.trace?.spanId, fromSofa.trace?.spanId, "the derived span id travels in traceparent")
  const again = new Map<string, string>()
  boltMeta.write(viaGrpc, again)
  assert.equal(again.get("rpc_trace_context.sofaTraceId"), `00${SOFA_ID}`)
})

test("B3 in, W3C out: the same ids, 64-bit ids padded", () => {
  const m = hop.dubbo(httpMeta.read(recordView({ "x-b3-traceid": "64fe8b2a57d3eff7", "x-b3-spanid": S, "x-b3-sampled": "0" })))
  assert.deepEqual(m.trace, { traceId: `${"0".repeat(16)}64fe8b2a57d3eff7`, spanId: S, sampled: false })
})
