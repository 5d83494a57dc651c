// Tests: the TTHeader meta codec both ways (int keys LogID/RPCTimeout, RPC_PERSIST_/RPC_TRANSIT_ str keys).
import { test } from "node:test"
import assert from "node:assert/strict"
import { ttheaderMeta, ttheaderView } from "./ttheader-codec.ts"
import { emptyMeta } from "./meta-info.ts"

const T = "4bf92f3577b34da6a3ce929d0e0e4736"
const S = "00f067aa0ba902b7"
const NOW = 1_700_000_000_000

test("write: int 2 LogID, int 12 RPCTimeout, str traceparent and RPC_PERSIST_/RPC_TRANSIT_ keys", () => {
  const meta = emptyMeta()
  meta.trace = { traceId: T, spanId: S, sampled: true }
  meta.deadline = NOW + 700
  meta.persistent.set("USER_ID", "42")
  meta.transient.set("ZONE", "gz")
  const int = new Map<number, string>()
  const str = new Map<string, string>()
  ttheaderMeta.write(meta, ttheaderView(int, str), { now: NOW })
  assert.deepEqual(Object.fromEntries(int), { 2: T, 12: "700" })
  assert.deepEqual(Object.fromEntries(str), { traceparent: `00-${T}-${S}-01`, RPC_PERSIST_USER_ID: "42", RPC_TRANSIT_ZONE: "gz" })
})

test("read: a LogID alone is a foreign trace id; with a traceparent of the same trace it is kept as the foreign id", () => {
  const logId = "20240102030405010203040506070809ABCDEF"
  const alone = ttheaderMeta.read(ttheaderView(new Map([[2, logId], [12, "1500"]]), new Map([["RPC_PERSIST_k", "v"]])), { now: NOW })
  assert.equal(alone.trace?.foreignTraceId, logId)
  assert.equal(alone.deadline, NOW + 1500)
  assert.deepEqual([...alone.persistent], [["k", "v"]])
  const int = new Map<number, string>()
  const str = new Map<string, string>()
  ttheaderMeta.write(alone, ttheaderView(int, str))
  assert.equal(int.get(2), logId, "the LogID goes back verbatim")
  const both = ttheaderMeta.read(ttheaderView(int, str))
  assert.equal(both.trace?.foreignTraceId, logId)
  assert.equal(both.trace?.spanId, alone.trace?.spanId)
  assert.equal(ttheaderMeta.read(ttheaderView(new Map([[12, "soon"]]), new Map())).deadline, undefined)
})
