// Tests: key bounds, forward (Kitex TransferForward), remaining time, and the header views.
import { test } from "node:test"
import assert from "node:assert/strict"
import { emptyMeta, forward, Limits, parseMs, putKey, remainingMs } from "./meta-info.ts"
import { overlayView, recordView } from "./header-view.ts"

test("putKey bounds: 64 keys, 128-char keys of [A-Za-z0-9_.-], 1..4096 header-safe chars, first value wins", () => {
  const m = new Map<string, string>()
  for (let i = 0; i < 70; i++) putKey(m, `K${i}`, "v")
  assert.equal(m.size, Limits.maxKeys)
  const n = new Map<string, string>()
  assert.ok(putKey(n, "a.b-C_9", "x"))
  assert.ok(!putKey(n, "a.b-C_9", "y"))
  assert.equal(n.get("a.b-C_9"), "x")
  for (const k of ["", "sp ace", "ü", "k".repeat(129), "a:b"]) assert.ok(!putKey(n, k, "v"), k)
  for (const v of ["", "a\r\nb", "\u0000", "\u0100", "v".repeat(4097)]) assert.ok(!putKey(n, "k", v), JSON.stringify(v.slice(0, 10)))
  assert.ok(putKey(n, "k", "tab\tand latin1 \u00e9"))
})

test("forward drops transient keys; remainingMs rounds up, at least 1; parseMs takes positive int32", () => {
  const meta = emptyMeta()
  meta.persistent.set("P", "1")
  meta.transient.set("T", "1")
  meta.deadline = 1000
  const f = forward(meta)
  assert.deepEqual([...f.persistent], [["P", "1"]])
  assert.equal(f.transient.size, 0)
  assert.equal(f.deadline, 1000)
  assert.equal(remainingMs(meta, 500.5), 500)
  assert.equal(remainingMs(meta, 2000), 1)
  assert.equal(remainingMs(emptyMeta(), 0), undefined)
  assert.equal(parseMs("1500"), 1500)
  for (const bad of ["0", "-1", "1.5", "2147483648", "", "abc", undefined, null]) assert.equal(parseMs(bad), undefined, String(bad))
})

test("recordView skips non-string values; overlayView writes only the overlay; fetch Headers fits as it is", () => {
  const rec: Record<string, unknown> = { a: "1", n: 2 }
  const v = recordView(rec)
  assert.equal(v.get("n"), undefined)
  assert.equal(v.get("toString"), undefined)
  v.set("b", "2")
  const seen: Array<string> = []
  v.forEach((val, k) => seen.push(`${k}=${val}`))
  assert.deepEqual(seen, ["a=1", "b=2"])
  const extra = new Map<string, string>()
  const o = overlayView(recordView({ a: "1" }), extra)
  o.set("c", "3")
  assert.equal(o.get("a"), "1")
  assert.deepEqual([...extra], [["c", "3"]])
  const h = new Headers({ Traceparent: "x" })
  const hv: import("./header-view.ts").HeaderView = h
  assert.equal(hv.get("traceparent"), "x")
})
