// Test fixture (not shipped): the transmeta fuzz target (random/mutated header maps through every codec's read, write and read again), for fuzz.test.ts and `npm run fuzz`.
import { fuzzCheck, type FuzzTarget } from "@mosaic/bytes/testing"
import { boltMeta } from "./bolt-codec.ts"
import { dubboMeta } from "./dubbo-codec.ts"
import { recordView } from "./header-view.ts"
import { grpcMeta, httpMeta } from "./http-codec.ts"
import { isSpanId, isTraceId } from "./ids.ts"
import { Limits, type MetaInfo } from "./meta-info.ts"
import { ttheaderMeta, ttheaderView } from "./ttheader-codec.ts"

const KEYS = [
  "traceparent", "tracestate", "b3", "x-b3-traceid", "x-b3-spanid", "x-b3-sampled", "x-b3-flags", "x-b3-parentspanid", "grpc-timeout",
  "timeout", "rpc_trace_context.sofaTraceId", "rpc_trace_context.sofaRpcId", "rpc_trace_context.sofaPenAttrs",
  "rpc_trace_context.sofatraceid", "rpc-persist-", "rpc-transit-", "RPC_PERSIST_", "RPC_TRANSIT_", "x"
]
const SEEDS = [
  "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE",
  "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1-05e3ac9a4f6e3b90", "1500m", "0ad1348f1403169275002100356696", "0.1.2",
  "k=v&a%26b=c%3D&", "250", "99999999S", "1H", "0n", "-1"
]
const ALPHABET = "0123456789abcdefABCDEF-=&%.,_ \t\r\n@/*\u0000\u00e9\u4e2d"
const NOW = 1_700_000_000_000

/** One fuzz input: the same random entries as a string-keyed record and as TTHeader int/str maps, plus a Bolt frame timeout. */
export interface MetaInput {
  readonly rec: Record<string, string>
  readonly ints: Array<[number, string]>
  readonly frameTimeoutMs: number
}

const generate = (rnd: () => number): MetaInput => {
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
  const rec: Record<string, string> = {}
  const ints: Array<[number, string]> = []
  for (let n = int(12); n > 0; n--) {
    const value = randomString()
    rec[KEYS[int(KEYS.length)]! + (rnd() < 0.3 ? randomString().slice(0, 8) : "")] = value
    ints.push([int(30), value])
  }
  return { rec, ints, frameTimeoutMs: int(2) === 0 ? rnd() * 1e12 - 1e6 : Number.NaN }
}

const checkShape = (m: MetaInfo): void => {
  if (m.trace !== undefined) fuzzCheck(isTraceId(m.trace.traceId) && isSpanId(m.trace.spanId), () => `trace ${JSON.stringify(m.trace)}`)
  fuzzCheck(m.persistent.size <= Limits.maxKeys && m.transient.size <= Limits.maxKeys, "too many keys")
  for (const v of [...m.persistent.values(), ...m.transient.values()]) fuzzCheck(v.length <= Limits.maxValueLength, "value too long")
  fuzzCheck(m.deadline === undefined || Number.isFinite(m.deadline), () => `deadline ${m.deadline}`)
}

const show = (m: MetaInfo): string => JSON.stringify([m.trace, m.deadline, [...m.persistent], [...m.transient]])

/** Each codec: write the meta into a fresh header map and read it back. */
const hops: ReadonlyArray<readonly [string, (m: MetaInfo) => MetaInfo]> = [
  ["http", (m) => { const h: Record<string, string> = {}; httpMeta.write(m, recordView(h), { now: NOW, deadlineHeader: "x-t" }); return httpMeta.read(recordView(h), { now: NOW, deadlineHeader: "x-t" }) }],
  ["grpc", (m) => { const h: Record<string, string> = {}; grpcMeta.write(m, recordView(h), { now: NOW }); return grpcMeta.read(recordView(h), { now: NOW }) }],
  ["bolt", (m) => {
    const h = new Map<string, string>()
    const frameTimeoutMs = boltMeta.write(m, h, { now: NOW })
    return boltMeta.read(h, { now: NOW, ...(frameTimeoutMs === undefined ? {} : { frameTimeoutMs }) })
  }],
  ["dubbo", (m) => { const a: Record<string, unknown> = {}; dubboMeta.write(m, recordView(a), { now: NOW }); return dubboMeta.read(recordView(a), { now: NOW }) }],
  ["ttheader", (m) => { const v = ttheaderView(new Map(), new Map()); ttheaderMeta.write(m, v, { now: NOW }); return ttheaderMeta.read(v, { now: NOW }) }]
]

/**
 * Every codec reads the headers without throwing and gives well-formed meta; every codec writes any of
 * those metas; and a codec's own write-then-read is stable after one hop (what it reads back once, it
 * carries unchanged from then on).
 */
export const transmetaFuzzTarget = (): FuzzTarget<MetaInput> => ({
  name: "transmeta",
  generate,
  check(input) {
    const map = new Map(Object.entries(input.rec))
    const ints = new Map(input.ints)
    const metas = [
      httpMeta.read(recordView(input.rec), { now: NOW, deadlineHeader: "timeout" }), grpcMeta.read(recordView(input.rec), { now: NOW }),
      boltMeta.read(map, { now: NOW, frameTimeoutMs: input.frameTimeoutMs }), dubboMeta.read(recordView(input.rec), { now: NOW }),
      ttheaderMeta.read(ttheaderView(ints, map), { now: NOW })
    ]
    let found = false
    for (const m of metas) {
      checkShape(m)
      found ||= m.trace !== undefined || m.deadline !== undefined || m.persistent.size > 0 || m.transient.size > 0
      for (const [name, hop] of hops) {
        const once = hop(m)
        checkShape(once)
        const twice = hop(once)
        fuzzCheck(show(twice) === show(once), () => `${name} write/read is not stable: ${show(m)} -> ${show(once)} -> ${show(twice)}`)
      }
    }
    return found ? "accepted" : "rejected"
  },
  show: (input) => JSON.stringify(input)
})
