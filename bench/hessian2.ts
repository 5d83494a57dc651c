// Benchmark: Hessian 2.0 encode/decode, @mosaic/hessian2 vs hessian.js (final dialect) and hessian.js-1 (draft).
//
// Both sides encode the same JS values into one stream (the same bytes, checked before timing) and decode
// those bytes back to plain JS objects. hessian.js is `require("hessian.js")` v2 (what sofa-rpc-node uses
// for hessian '4.0' and dubbo-remoting uses for Dubbo); hessian.js-1 v2 is what sofa-rpc-node's default
// hessian '3.0' (the draft dialect) uses. The hessian.js encoders are reused (reset) between runs, as
// sofa-rpc-node does, and our writer is reused the same way.
import { mkdirSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { createReader, createWriter, type Dialect } from "@mosaic/hessian2"

const require = createRequire(import.meta.url)

interface HjsEncoder {
  reset(): void
  write(v: unknown): HjsEncoder
  get(): Uint8Array
}
interface HjsModule {
  EncoderV2: new (o: { size: number }) => HjsEncoder
  DecoderV2: new (b: Uint8Array) => { read(): unknown }
}

export interface Side {
  opsPerSec: number
}
export interface Row {
  case: string
  dialect: Dialect
  op: "encode" | "decode"
  bytes: number
  ours: Side
  hessianjs: Side
  /** ours / hessian.js ops per second (> 1 means ours is faster). */
  ratio: number
}
export interface Result {
  bench: "hessian2"
  runtime: string
  date: string
  msPerMeasurement: number
  rounds: number
  rows: Array<Row>
}

let sink = 0

/** Runs `fn` in growing batches for about `ms` after a warm-up; returns ops/s. */
function measure(fn: () => number, ms: number): number {
  const warm = performance.now() + ms / 4
  while (performance.now() < warm) for (let i = 0; i < 10; i++) sink += fn()
  let ops = 0
  let batch = 8
  const t0 = performance.now()
  let t = t0
  while (t - t0 < ms) {
    for (let i = 0; i < batch; i++) sink += fn()
    ops += batch
    t = performance.now()
    if (t - t0 < ms / 10) batch *= 2
  }
  return (ops * 1000) / (t - t0)
}

const USER = "com.example.model.User"

/** hessian.js writes plain-object keys sorted; give both sides sorted keys so the bytes are identical. */
const sorted = (o: Record<string, unknown>): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(o).sort()) out[k] = o[k]
  return out
}

function cases(): Array<{ name: string; values: Array<unknown> }> {
  const sofaRequest = [
    {
      $class: "com.alipay.sofa.rpc.core.request.SofaRequest",
      $: {
        methodName: "createOrder",
        methodArgSigs: { $class: "[java.lang.String", $: ["com.example.model.User", "java.lang.String", "long"] },
        targetServiceUniqueName: "com.example.OrderService:1.0",
        targetAppName: "order-app",
        requestProps: sorted({ service: "com.example.OrderService:1.0", rpc_trace_context: "0a0b0c0d0e0f" })
      }
    },
    { $class: USER, $: { id: { $class: "long", $: 1234567 }, name: "Alice", email: "alice@example.com", age: 33, vip: true } },
    "order note: deliver before noon",
    { $class: "long", $: 987654321012 }
  ]
  const map: Record<string, unknown> = {}
  for (let i = 0; i < 40; i++) {
    map["key" + i] = i % 4 === 0 ? "value-" + i : i % 4 === 1 ? i * 1000 : i % 4 === 2 ? sorted({ nested: "n" + i, n: i }) : [i, "x", true]
  }
  const list: Array<unknown> = []
  for (let i = 0; i < 100; i++) {
    list.push({
      $class: "com.example.model.Item",
      $: { id: i, sku: "SKU-" + (100000 + i), name: "item " + i, price: { $class: "double", $: 9.5 + i }, stock: i * 3 }
    })
  }
  const strings: Array<unknown> = []
  for (let i = 0; i < 8; i++) strings.push(("lorem ipsum dolor sit amet " + i + " ").repeat(80))
  strings.push("汉字かなカナ한글 ünïcødé ".repeat(100))
  return [
    { name: "SofaRequest + 3 args", values: sofaRequest },
    { name: "map-heavy (40 mixed entries)", values: [sorted(map)] },
    { name: "list of 100 small objects", values: [list] },
    { name: "long strings (9 x ~2 KB)", values: [strings] }
  ]
}

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("")

export async function run(opts: { ms?: number; rounds?: number; write?: boolean } = {}): Promise<Result> {
  const ms = opts.ms ?? Number(process.env.BENCH_TIME_MS ?? 300)
  const rounds = opts.rounds ?? 3
  const libs: Record<Dialect, HjsModule> = { "2.0": require("hessian.js"), draft: require("hessian.js-1") }
  const rows: Array<Row> = []
  for (const dialect of ["2.0", "draft"] as const) {
    const lib = libs[dialect]
    const theirEncoder = new lib.EncoderV2({ size: 64 * 1024 })
    const ourWriter = createWriter({ dialect, initialSize: 64 * 1024 })
    for (const c of cases()) {
      const encodeOurs = (): Uint8Array => {
        for (const v of c.values) ourWriter.write(v)
        return ourWriter.finish()
      }
      const encodeTheirs = (): Uint8Array => {
        theirEncoder.reset()
        for (const v of c.values) theirEncoder.write(v)
        return theirEncoder.get()
      }
      const bytes = encodeOurs()
      const theirBytes = encodeTheirs()
      if (hex(bytes) !== hex(theirBytes)) throw new Error(`${c.name} (${dialect}): encodings differ`)
      const n = c.values.length
      const decodeOurs = (): number => {
        const r = createReader(bytes)
        for (let i = 0; i < n; i++) r.read()
        return r.offset
      }
      const buf = Buffer.from(bytes)
      const decodeTheirs = (): number => {
        const d = new lib.DecoderV2(buf)
        for (let i = 0; i < n; i++) d.read()
        return 1
      }
      const ops: Array<["encode" | "decode", () => number, () => number]> = [
        ["encode", () => encodeOurs().length, () => encodeTheirs().length],
        ["decode", decodeOurs, decodeTheirs]
      ]
      for (const [op, ours, theirs] of ops) {
        let o = 0
        let t = 0
        for (let r = 0; r < rounds; r++) {
          o = Math.max(o, measure(ours, ms))
          t = Math.max(t, measure(theirs, ms))
        }
        const ratio = Math.round((o / t) * 100) / 100
        rows.push({ case: c.name, dialect, op, bytes: bytes.length, ours: { opsPerSec: Math.round(o) }, hessianjs: { opsPerSec: Math.round(t) }, ratio })
      }
    }
  }
  console.log(`${"case".padEnd(32)} ${"dialect".padEnd(7)} ${"op".padEnd(6)} ${"bytes".padStart(6)} ${"ours ops/s".padStart(12)} ${"hessian.js".padStart(12)}  ratio`)
  for (const r of rows) {
    console.log(
      `${r.case.padEnd(32)} ${r.dialect.padEnd(7)} ${r.op.padEnd(6)} ${String(r.bytes).padStart(6)} ${fmt(r.ours.opsPerSec)} ${fmt(r.hessianjs.opsPerSec)}  ${r.ratio.toFixed(2)}x`
    )
  }
  const result: Result = { bench: "hessian2", runtime: runtimeName(), date: new Date().toISOString(), msPerMeasurement: ms, rounds, rows }
  if (opts.write !== false) {
    const dir = new URL("./results/", import.meta.url)
    mkdirSync(dir, { recursive: true })
    writeFileSync(new URL("hessian2.json", dir), JSON.stringify(result, null, 2) + "\n")
  }
  if (sink === -1) console.log(sink)
  return result
}

function fmt(ops: number): string {
  return Math.round(ops).toLocaleString("en-US").padStart(12)
}

function runtimeName(): string {
  const g = globalThis as { Bun?: { version: string }; Deno?: { version: { deno: string } } }
  if (g.Bun) return `bun ${g.Bun.version}`
  if (g.Deno) return `deno ${g.Deno.version.deno}`
  return `node ${process.version}`
}

if ((import.meta as { main?: boolean }).main) await run()
