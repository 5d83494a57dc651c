// Tests: SOFA baggage escaping, rpc ids, SOFA/W3C trace joining.
import { test } from "node:test"
import assert from "node:assert/strict"
import { formatPenAttrs, isRpcId, joinSofa, parsePenAttrs, readSofaTrace } from "./sofa.ts"

test("penAttrs: k=v& with %, & and = escaped, both ways", () => {
  const m = new Map([["user", "a&b=c%d"], ["zone", "gz"]])
  const s = formatPenAttrs(m)
  assert.equal(s, "user=a%26b%3Dc%25d&zone=gz&")
  const back = new Map<string, string>()
  parsePenAttrs(s!, back)
  assert.deepEqual([...back], [...m])
  assert.equal(formatPenAttrs(new Map()), undefined)
})

test("penAttrs: malformed entries and bad keys are skipped", () => {
  const m = new Map<string, string>()
  parsePenAttrs("&&=x&noeq&k=&bad key=1&ok=1&ok=2&", m)
  assert.deepEqual([...m], [["ok", "1"]])
})

test("rpc ids are dotted decimals", () => {
  for (const ok of ["0", "0.1", "0.1.23"]) assert.ok(isRpcId(ok))
  for (const bad of ["", ".", "0.", "a", "0..1", "1".repeat(300)]) assert.ok(!isRpcId(bad), bad)
})

test("SOFA keys read exact or lower-cased; joined with W3C only when they name the same trace", () => {
  const exact = readSofaTrace(new Map([["rpc_trace_context.sofaTraceId", "0ad1348f1403169275002100356696"], ["rpc_trace_context.sofaRpcId", "0.1"]]))
  const lower = readSofaTrace(new Map([["rpc_trace_context.sofatraceid", "0ad1348f1403169275002100356696"], ["rpc_trace_context.sofarpcid", "0.1"]]))
  assert.deepEqual(exact, lower)
  assert.equal(exact?.rpcId, "0.1")
  const w3c = { traceId: exact!.traceId, spanId: "00f067aa0ba902b7", sampled: false }
  assert.deepEqual(joinSofa(w3c, exact), { ...w3c, foreignTraceId: "0ad1348f1403169275002100356696", rpcId: "0.1" })
  const other = { ...w3c, traceId: "4bf92f3577b34da6a3ce929d0e0e4736" }
  assert.equal(joinSofa(other, exact), other)
  assert.equal(joinSofa(undefined, exact), exact)
  assert.equal(readSofaTrace(new Map([["rpc_trace_context.sofaTraceId", "has space"]])), undefined)
  assert.equal(readSofaTrace(new Map([["rpc_trace_context.sofaTraceId", "abc"], ["rpc_trace_context.sofaRpcId", "x"]]))?.rpcId, undefined)
})
