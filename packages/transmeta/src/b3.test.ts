// Tests: B3 single and multi headers, both ways.
import { test } from "node:test"
import assert from "node:assert/strict"
import { B3Sampled, formatB3Single, parseB3Multi, parseB3Single, writeB3Multi } from "./b3.ts"

const T = "80f198ee56343ba864fe8b2a57d3eff7"
const S = "e457b5a2e4d86bd1"
const P = "05e3ac9a4f6e3b90"

test("b3 single: ids, sampling state and parent; a 64-bit trace id is left-padded", () => {
  assert.deepEqual(parseB3Single(`${T}-${S}-1-${P}`), { traceId: T, spanId: S, sampled: true, parentSpanId: P })
  assert.deepEqual(parseB3Single(`${T}-${S}-0`), { traceId: T, spanId: S, sampled: false })
  assert.deepEqual(parseB3Single(`${T}-${S}-d`), { traceId: T, spanId: S, sampled: true })
  assert.deepEqual(parseB3Single(`64fe8b2a57d3eff7-${S}`), { traceId: `${"0".repeat(16)}64fe8b2a57d3eff7`, spanId: S, sampled: true })
  assert.equal(parseB3Single(`${T.toUpperCase()}-${S}`)?.traceId, T)
  assert.equal(formatB3Single({ traceId: T, spanId: S, sampled: true, parentSpanId: P }), `${T}-${S}-1-${P}`)
  assert.equal(formatB3Single({ traceId: T, spanId: S, sampled: false }), `${T}-${S}-0`)
})

test("b3 single: sampling-only and malformed values carry no trace", () => {
  for (const bad of ["0", "1", "d", `${T}`, `${T}-${S}-x`, `${T}-${"0".repeat(16)}`, `${"0".repeat(32)}-${S}`, `${T}1-${S}`, `${T}-${S}-1-${P}-x`, ""]) {
    assert.equal(parseB3Single(bad), undefined, bad)
  }
})

test("b3 multi: both ids required; x-b3-flags 1 means sampled; written back the same", () => {
  const h = new Map([["x-b3-traceid", T], ["x-b3-spanid", S], ["x-b3-parentspanid", P], [B3Sampled, "0"]])
  const t = parseB3Multi(h)
  assert.deepEqual(t, { traceId: T, spanId: S, sampled: false, parentSpanId: P })
  assert.equal(parseB3Multi(new Map([["x-b3-traceid", T], ["x-b3-spanid", S], ["x-b3-sampled", "0"], ["x-b3-flags", "1"]]))?.sampled, true)
  assert.equal(parseB3Multi(new Map([["x-b3-traceid", T]])), undefined)
  assert.equal(parseB3Multi(new Map([["x-b3-traceid", T], ["x-b3-spanid", S], ["x-b3-sampled", "maybe"]])), undefined)
  const out = new Map<string, string>()
  writeB3Multi(t!, out)
  assert.deepEqual(Object.fromEntries(out), { "x-b3-traceid": T, "x-b3-spanid": S, "x-b3-parentspanid": P, "x-b3-sampled": "0" })
})
