// Tests: W3C traceparent parsing/formatting and tracestate validation.
import { test } from "node:test"
import assert from "node:assert/strict"
import { formatTraceparent, parseTraceparent, parseTracestate } from "./w3c.ts"

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
const SPAN = "00f067aa0ba902b7"

test("a version 00 traceparent parses; the sampled flag is bit 0; surrounding spaces are trimmed", () => {
  assert.deepEqual(parseTraceparent(`00-${TRACE}-${SPAN}-01`), { traceId: TRACE, spanId: SPAN, sampled: true })
  assert.deepEqual(parseTraceparent(` 00-${TRACE}-${SPAN}-00 `), { traceId: TRACE, spanId: SPAN, sampled: false })
  assert.equal(parseTraceparent(`00-${TRACE}-${SPAN}-03`)?.sampled, true)
  assert.equal(formatTraceparent({ traceId: TRACE, spanId: SPAN, sampled: true }), `00-${TRACE}-${SPAN}-01`)
  assert.equal(formatTraceparent({ traceId: TRACE, spanId: SPAN, sampled: false }), `00-${TRACE}-${SPAN}-00`)
})

test("a higher version may carry more fields after a dash", () => {
  assert.equal(parseTraceparent(`01-${TRACE}-${SPAN}-01-future`)?.traceId, TRACE)
  assert.equal(parseTraceparent(`01-${TRACE}-${SPAN}-01`)?.traceId, TRACE)
  assert.equal(parseTraceparent(`01-${TRACE}-${SPAN}-01x`), undefined)
})

test("malformed traceparents are rejected", () => {
  for (const bad of [
    `ff-${TRACE}-${SPAN}-01`, // version ff is invalid
    `00-${"0".repeat(32)}-${SPAN}-01`, // all-zero trace id
    `00-${TRACE}-${"0".repeat(16)}-01`, // all-zero parent id
    `00-${TRACE}-${SPAN}-01-extra`, // version 00 must be exactly 55 chars
    `00-${TRACE.slice(1)}-${SPAN}-01`, `00-${TRACE}-${SPAN}0-01`, `00-${TRACE}-${SPAN}-1`,
    `00-${TRACE.toUpperCase()}-${SPAN}-01`, // upper-case hex
    `0g-${TRACE}-${SPAN}-01`, `00_${TRACE}_${SPAN}_01`, `00-${TRACE}-${SPAN}-zz`,
    "", "00", "garbage", "x".repeat(10_000)
  ]) assert.equal(parseTraceparent(bad), undefined, bad)
  assert.equal(parseTraceparent(undefined), undefined)
})

test("tracestate: valid lists are normalized; any bad member discards the whole value", () => {
  assert.equal(parseTracestate("rojo=00f067aa0ba902b7, congo=t61rcWkgMzE"), "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE")
  assert.equal(parseTracestate("tenant@vendor=x,,a/b*c-d_e=1 2"), "tenant@vendor=x,a/b*c-d_e=1 2")
  assert.equal(parseTracestate(" , "), undefined)
  for (const bad of ["Upper=1", "k=", "=v", "k=v,k=w", "k=a,b", "k=v=w", "k=a\tb", "1@x@y=1", "k=\u00e9"]) {
    assert.equal(parseTracestate(bad), undefined, bad)
  }
  const members = Array.from({ length: 33 }, (_, i) => `k${i}=v`).join(",")
  assert.equal(parseTracestate(members), undefined, "more than 32 members")
  assert.equal(parseTracestate(`k=${"v".repeat(520)}`), undefined, "longer than 512")
  assert.equal(parseTracestate(Array.from({ length: 32 }, (_, i) => `k${i}=v`).join(","))?.split(",").length, 32)
})
