// Tests: the Bolt meta codec both ways (SOFA keys, baggage, traceparent, frame timeout).
import { test } from "node:test"
import assert from "node:assert/strict"
import { boltMeta } from "./bolt-codec.ts"
import { emptyMeta } from "./meta-info.ts"

const T = "4bf92f3577b34da6a3ce929d0e0e4736"
const S = "00f067aa0ba902b7"
const SOFA_ID = "0ad1348f1403169275002100356696"
const NOW = 1_700_000_000_000

test("write: sofaTraceId = 32-hex id, sofaRpcId 0, traceparent, baggage, transit keys; returns the frame timeout", () => {
  const meta = emptyMeta()
  meta.trace = { traceId: T, spanId: S, sampled: true }
  meta.deadline = NOW + 1234
  meta.persistent.set("uid", "7")
  meta.transient.set("ZONE", "gz")
  const h = new Map<string, string>()
  assert.equal(boltMeta.write(meta, h, { now: NOW }), 1234)
  assert.deepEqual(Object.fromEntries(h), {
    "rpc_trace_context.sofaTraceId": T, "rpc_trace_context.sofaRpcId": "0", traceparent: `00-${T}-${S}-01`,
    "rpc_trace_context.sofaPenAttrs": "uid=7&", "rpc-transit-zone": "gz"
  })
  assert.equal(boltMeta.write(emptyMeta(), new Map(), { now: NOW }), undefined)
})

test("write keeps a SOFA trace the map already carries (exact keys); a foreign id is written verbatim", () => {
  const meta = emptyMeta()
  meta.trace = { traceId: `00${SOFA_ID}`, spanId: S, sampled: true, foreignTraceId: SOFA_ID, rpcId: "0.3" }
  const h = new Map([["rpc_trace_context.sofaTraceId", "caller-id"]])
  boltMeta.write(meta, h)
  assert.equal(h.get("rpc_trace_context.sofaTraceId"), "caller-id")
  assert.equal(h.get("rpc_trace_context.sofaRpcId"), undefined)
  const fresh = new Map<string, string>()
  boltMeta.write(meta, fresh)
  assert.equal(fresh.get("rpc_trace_context.sofaTraceId"), SOFA_ID)
  assert.equal(fresh.get("rpc_trace_context.sofaRpcId"), "0.3")
})

test("read: SOFA keys, baggage and frame timeout; a traceparent naming the same trace adds its span and flags", () => {
  const h = new Map([
    ["rpc_trace_context.sofaTraceId", SOFA_ID], ["rpc_trace_context.sofaRpcId", "0.1"],
    ["rpc_trace_context.sofaPenAttrs", "uid=7&"], ["rpc-transit-zone", "gz"]
  ])
  const meta = boltMeta.read(h, { now: NOW, frameTimeoutMs: 3000 })
  assert.equal(meta.trace?.traceId, `00${SOFA_ID}`)
  assert.equal(meta.trace?.foreignTraceId, SOFA_ID)
  assert.equal(meta.trace?.rpcId, "0.1")
  assert.equal(meta.deadline, NOW + 3000)
  assert.deepEqual([...meta.persistent], [["uid", "7"]])
  assert.deepEqual([...meta.transient], [["ZONE", "gz"]])
  h.set("traceparent", `00-00${SOFA_ID}-${S}-00`)
  const joined = boltMeta.read(h).trace
  assert.deepEqual({ span: joined?.spanId, sampled: joined?.sampled, foreign: joined?.foreignTraceId }, { span: S, sampled: false, foreign: SOFA_ID })
  h.set("traceparent", `00-${T}-${S}-01`)
  assert.equal(boltMeta.read(h).trace?.traceId, `00${SOFA_ID}`, "disagreeing traceparent: the SOFA keys win")
  assert.equal(boltMeta.read(new Map(), { frameTimeoutMs: -1 }).deadline, undefined)
  assert.equal(boltMeta.read(new Map(), { frameTimeoutMs: 0 }).deadline, undefined)
})
