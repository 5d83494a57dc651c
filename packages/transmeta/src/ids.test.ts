// Tests: trace id mapping between W3C and foreign ids, derived span ids, random generation.
import { test } from "node:test"
import assert from "node:assert/strict"
import { derivedSpanId, ensureTrace, isSpanId, isTraceId, newTrace, opaqueTraceId, traceFromForeign, traceIdFromForeign } from "./ids.ts"

test("foreign ids of 1..32 hex digits are lower-cased and left-padded; others are hashed", () => {
  const sofa = "0ad1348f1403169275002100356696"
  assert.equal(traceIdFromForeign(sofa), `00${sofa}`)
  assert.equal(traceIdFromForeign("4BF92F3577B34DA6A3CE929D0E0E4736"), "4bf92f3577b34da6a3ce929d0e0e4736")
  assert.equal(traceIdFromForeign("abc"), `${"0".repeat(29)}abc`)
  const log = "20240102030405010203040506070809ABCDEF"
  const h = traceIdFromForeign(log)
  assert.ok(isTraceId(h))
  assert.equal(traceIdFromForeign(log), h, "deterministic")
  assert.notEqual(traceIdFromForeign(`${log}x`), h)
  assert.ok(isTraceId(traceIdFromForeign("0".repeat(32))), "an all-zero id is hashed, never all zero")
})

test("traceFromForeign keeps the original only when it differs; opaque slots get it back verbatim", () => {
  const w3c = "4bf92f3577b34da6a3ce929d0e0e4736"
  const same = traceFromForeign(w3c, "0.1")
  assert.equal(same.foreignTraceId, undefined)
  assert.equal(same.rpcId, "0.1")
  assert.equal(opaqueTraceId(same), w3c)
  const sofa = traceFromForeign("0ad1348f1403169275002100356696", undefined)
  assert.equal(sofa.foreignTraceId, "0ad1348f1403169275002100356696")
  assert.equal(opaqueTraceId(sofa), "0ad1348f1403169275002100356696")
  assert.equal(sofa.spanId, derivedSpanId(sofa.traceId, ""))
  assert.ok(isSpanId(derivedSpanId(w3c, "0.1")))
  assert.notEqual(derivedSpanId(w3c, "0.1"), derivedSpanId(w3c, "0.2"))
})

test("newTrace: random W3C-shaped ids, sampled; ensureTrace only when asked and missing", () => {
  const a = newTrace()
  const b = newTrace()
  assert.ok(isTraceId(a.traceId) && isSpanId(a.spanId) && a.sampled)
  assert.notEqual(a.traceId, b.traceId)
  const meta: { trace: ReturnType<typeof newTrace> | undefined } = { trace: undefined }
  assert.equal(ensureTrace(meta, false), false)
  assert.equal(meta.trace, undefined)
  assert.equal(ensureTrace(meta, true), true)
  const t = meta.trace
  assert.equal(ensureTrace(meta, true), false)
  assert.equal(meta.trace, t)
})
