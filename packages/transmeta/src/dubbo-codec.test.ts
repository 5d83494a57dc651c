// Tests: the Dubbo meta codec both ways (attachments).
import { test } from "node:test"
import assert from "node:assert/strict"
import { dubboMeta } from "./dubbo-codec.ts"
import { emptyMeta } from "./meta-info.ts"
import { recordView } from "./header-view.ts"

const T = "4bf92f3577b34da6a3ce929d0e0e4736"
const S = "00f067aa0ba902b7"
const NOW = 1_700_000_000_000

test("write: traceparent/tracestate, timeout in relative ms, prefixed keys", () => {
  const meta = emptyMeta()
  meta.trace = { traceId: T, spanId: S, sampled: true, traceState: "k=v" }
  meta.deadline = NOW + 999.2
  meta.persistent.set("USER_ID", "42")
  const att: Record<string, unknown> = { path: "com.example.Echo" }
  assert.equal(dubboMeta.write(meta, recordView(att), { now: NOW }), undefined)
  assert.deepEqual(att, {
    path: "com.example.Echo", traceparent: `00-${T}-${S}-01`, tracestate: "k=v", "rpc-persist-user-id": "42", timeout: "1000"
  })
})

test("read: the same attachments back; a non-string or malformed timeout is ignored", () => {
  const meta = dubboMeta.read(recordView({ traceparent: `00-${T}-${S}-01`, timeout: "250", "rpc-persist-user-id": "42", n: 7 }), { now: NOW })
  assert.equal(meta.trace?.traceId, T)
  assert.equal(meta.deadline, NOW + 250)
  assert.deepEqual([...meta.persistent], [["USER_ID", "42"]])
  assert.equal(dubboMeta.read(recordView({ timeout: 250 })).deadline, undefined)
  assert.equal(dubboMeta.read(recordView({ timeout: "-5" })).deadline, undefined)
})
