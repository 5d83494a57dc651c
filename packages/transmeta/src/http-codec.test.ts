// Tests: the http and grpc meta codecs both ways (W3C, B3, SOFA keys, prefixed keys, deadlines).
import { test } from "node:test"
import assert from "node:assert/strict"
import { grpcMeta, httpMeta } from "./http-codec.ts"
import { emptyMeta } from "./meta-info.ts"
import { recordView } from "./header-view.ts"

const T = "4bf92f3577b34da6a3ce929d0e0e4736"
const S = "00f067aa0ba902b7"
const NOW = 1_700_000_000_000

test("grpc read: traceparent + tracestate, grpc-timeout, rpc-persist-/rpc-transit- in CGI form", () => {
  const meta = grpcMeta.read(recordView({
    traceparent: `00-${T}-${S}-01`, tracestate: "rojo=1", "grpc-timeout": "1500m",
    "rpc-persist-user-id": "42", "RPC-TRANSIT-Zone": "gz", other: "x"
  }), { now: NOW })
  assert.deepEqual(meta.trace, { traceId: T, spanId: S, sampled: true, traceState: "rojo=1" })
  assert.equal(meta.deadline, NOW + 1500)
  assert.deepEqual([...meta.persistent], [["USER_ID", "42"]])
  assert.deepEqual([...meta.transient], [["ZONE", "gz"]])
})

test("grpc write: traceparent, tracestate, grpc-timeout and prefixed keys; present keys are kept unless overwrite", () => {
  const meta = emptyMeta()
  meta.trace = { traceId: T, spanId: S, sampled: false, traceState: "a=b" }
  meta.deadline = NOW + 2500
  meta.persistent.set("USER_ID", "42")
  meta.transient.set("ZONE", "gz")
  const out: Record<string, string> = {}
  grpcMeta.write(meta, recordView(out), { now: NOW })
  assert.deepEqual(out, {
    traceparent: `00-${T}-${S}-00`, tracestate: "a=b", "rpc-persist-user-id": "42", "rpc-transit-zone": "gz", "grpc-timeout": "2500m"
  })
  const kept: Record<string, string> = { traceparent: "00-keep", "grpc-timeout": "1S" }
  grpcMeta.write(meta, recordView(kept), { now: NOW })
  assert.equal(kept.traceparent, "00-keep")
  assert.equal(kept["grpc-timeout"], "1S")
  grpcMeta.write(meta, recordView(kept), { now: NOW, overwrite: true })
  assert.equal(kept.traceparent, `00-${T}-${S}-00`)
  assert.equal(kept["grpc-timeout"], "2500m")
})

test("http read precedence: traceparent > b3 > x-b3-* > SOFA keys; bad traceparent falls through", () => {
  const b3 = `${T}-${S}-0`
  assert.equal(httpMeta.read(recordView({ traceparent: `00-${T}-${S}-01`, b3: `${"1".repeat(32)}-${S}` })).trace?.traceId, T)
  assert.deepEqual(httpMeta.read(recordView({ traceparent: "ff-junk", b3 })).trace, { traceId: T, spanId: S, sampled: false })
  assert.equal(httpMeta.read(recordView({ "x-b3-traceid": T, "x-b3-spanid": S })).trace?.sampled, true)
  const sofa = httpMeta.read(recordView({ "rpc_trace_context.sofatraceid": "0ad1348f1403169275002100356696", "rpc_trace_context.sofarpcid": "0.2" })).trace
  assert.equal(sofa?.traceId, "000ad1348f1403169275002100356696")
  assert.equal(sofa?.foreignTraceId, "0ad1348f1403169275002100356696")
  assert.equal(sofa?.rpcId, "0.2")
  assert.equal(httpMeta.read(recordView({ tracestate: "a=b" })).trace, undefined)
})

test("http: no deadline header unless configured; with one, ms both ways; b3 written on request", () => {
  const meta = emptyMeta()
  meta.trace = { traceId: T, spanId: S, sampled: true }
  meta.deadline = NOW + 800
  const plain: Record<string, string> = {}
  httpMeta.write(meta, recordView(plain), { now: NOW })
  assert.deepEqual(Object.keys(plain), ["traceparent"])
  const withDeadline: Record<string, string> = {}
  httpMeta.write(meta, recordView(withDeadline), { now: NOW, deadlineHeader: "X-Timeout-Ms", b3: "single" })
  assert.equal(withDeadline["x-timeout-ms"], "800")
  assert.equal(withDeadline.b3, `${T}-${S}-1`)
  assert.equal(httpMeta.read(recordView(withDeadline), { now: NOW, deadlineHeader: "x-timeout-ms" }).deadline, NOW + 800)
  assert.equal(httpMeta.read(recordView(withDeadline), { now: NOW }).deadline, undefined)
  const multi: Record<string, string> = {}
  httpMeta.write(meta, recordView(multi), { b3: "multi" })
  assert.equal(multi["x-b3-spanid"], S)
  assert.equal(multi["x-b3-sampled"], "1")
})

test("SOFA baggage arriving as a header becomes persistent keys", () => {
  const meta = grpcMeta.read(recordView({ "rpc_trace_context.sofapenattrs": "uid=7&zone=gz&" }))
  assert.deepEqual([...meta.persistent], [["uid", "7"], ["zone", "gz"]])
})
