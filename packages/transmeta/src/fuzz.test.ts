// Fuzz (bounded): random and mutated headers into every codec's read and back out through write; nothing throws.
import { test } from "node:test"
import assert from "node:assert/strict"
import { prng } from "@mosaic/bytes/testing"
import { boltMeta } from "./bolt-codec.ts"
import { dubboMeta } from "./dubbo-codec.ts"
import { grpcMeta, httpMeta } from "./http-codec.ts"
import { ttheaderMeta, ttheaderView } from "./ttheader-codec.ts"
import { isSpanId, isTraceId } from "./ids.ts"
import { Limits, type MetaInfo } from "./meta-info.ts"
import { recordView } from "./header-view.ts"

const KEYS = [
  "traceparent", "tracestate", "b3", "x-b3-traceid", "x-b3-spanid", "x-b3-sampled", "x-b3-flags", "x-b3-parentspanid", "grpc-timeout",
  "timeout", "rpc_trace_context.sofaTraceId", "rpc_trace_context.sofaRpcId", "rpc_trace_context.sofaPenAttrs",
  "rpc_trace_context.sofatraceid", "rpc-persist-", "rpc-transit-", "RPC_PERSIST_", "RPC_TRANSIT_", "x"
]
const SEEDS = [
  "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE",
  "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1-05e3ac9a4f6e3b90", "1500m", "0ad1348f1403169275002100356696", "0.1.2",
  "k=v&a%26b=c%3D&", "250"
]
const ALPHABET = "0123456789abcdefABCDEF-=&%.,_ \t\r\n@/*\u0000\u00e9\u4e2d"

const checkShape = (m: MetaInfo) => {
  if (m.trace !== undefined) {
    assert.ok(isTraceId(m.trace.traceId), m.trace.traceId)
    assert.ok(isSpanId(m.trace.spanId), m.trace.spanId)
  }
  assert.ok(m.persistent.size <= Limits.maxKeys && m.transient.size <= Limits.maxKeys)
  for (const v of [...m.persistent.values(), ...m.transient.values()]) assert.ok(v.length <= Limits.maxValueLength)
  assert.ok(m.deadline === undefined || Number.isFinite(m.deadline))
}

test("2000 random header maps: every codec reads without throwing, output is well-formed, and writes back", () => {
  const rnd = prng(0x7ea)
  const int = (n: number) => Math.floor(rnd() * n)
  const randomString = (): string => {
    if (rnd() < 0.5) {
      const s = SEEDS[int(SEEDS.length)]!
      const i = int(s.length + 1)
      return s.slice(0, i) + ALPHABET[int(ALPHABET.length)]! + s.slice(i + int(3))
    }
    let s = ""
    for (let n = int(rnd() < 0.05 ? 6000 : 80); n > 0; n--) s += ALPHABET[int(ALPHABET.length)]!
    return s
  }
  for (let i = 0; i < 2000; i++) {
    const rec: Record<string, string> = {}
    const map = new Map<string, string>()
    const ints = new Map<number, string>()
    for (let n = int(12); n > 0; n--) {
      const key = KEYS[int(KEYS.length)]! + (rnd() < 0.3 ? randomString().slice(0, 8) : "")
      const value = randomString()
      rec[key] = value
      map.set(key, value)
      ints.set(int(30), value)
    }
    const now = 1_700_000_000_000
    const metas = [
      httpMeta.read(recordView(rec), { now, deadlineHeader: "timeout" }), grpcMeta.read(recordView(rec), { now }),
      boltMeta.read(map, { now, frameTimeoutMs: int(2) === 0 ? rnd() * 1e12 - 1e6 : Number.NaN }),
      dubboMeta.read(recordView(rec), { now }), ttheaderMeta.read(ttheaderView(ints, map), { now })
    ]
    for (const m of metas) {
      checkShape(m)
      httpMeta.write(m, recordView({}), { b3: "single", deadlineHeader: "x-t" })
      grpcMeta.write(m, recordView({}), { overwrite: true })
      boltMeta.write(m, new Map())
      dubboMeta.write(m, recordView({}))
      ttheaderMeta.write(m, ttheaderView(new Map(), new Map()))
    }
  }
})
