import { test } from "node:test"
import assert from "node:assert/strict"
import { createReader, type ReaderOptions } from "./reader.ts"
import { encode } from "./writer.ts"
import { java } from "./java.ts"
import { HessianError } from "./hessian-error.ts"
import { decodeSofaRequest } from "./sofa-request.ts"
import { decodeSofaResponse } from "./sofa-response.ts"
import { decodeDubboRequestBody } from "./dubbo-request.ts"
import { decodeDubboResponseBody } from "./dubbo-response.ts"
import { boltContent, dubboBody, frames, toHex } from "../testdata/bolt-dubbo.ts"

// At least 100,000 mutations (a few seconds on each runtime).
const ITERATIONS = 120_000

const limits = {
  maxDepth: 32,
  maxStringLength: 4096,
  maxBinaryLength: 4096,
  maxCollectionLength: 1024,
  maxTotalBytes: 1 << 20,
  maxInputBytes: 1 << 16
}

/** xorshift32: deterministic, so a failure names a reproducible iteration. */
const rng = (seed: number) => {
  let s = seed >>> 0 || 1
  return (n: number): number => {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    return (s >>> 0) % n
  }
}

const seeds = (): Array<Uint8Array> => {
  const golden = [
    boltContent(frames.sofaReqDraft),
    boltContent(frames.sofaReqFinal),
    boltContent(frames.sofaPlusReq),
    boltContent(frames.sofaResDraft),
    boltContent(frames.sofaResFinal),
    boltContent(frames.sofaPlusRes),
    dubboBody(frames.dubboReq),
    dubboBody(frames.dubboPlusReq),
    dubboBody(frames.dubboSofaClientReq),
    dubboBody(frames.dubboRes),
    dubboBody(frames.dubboErrRes)
  ]
  const shared = { k: "v" }
  const rich = [
    java.object("com.foo.User", { id: java.long(2 ** 40), name: "名前😀", score: 12.25, tags: java.array("java.lang.String", ["a", "b"]) }),
    [shared, shared, new Date(1234567890123), new Date(60000), Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17)],
    java.map("java.util.TreeMap", { a: java.double(1), b: java.double(-3), c: 1e300, d: java.long(-1) }),
    java.object("com.foo.User", { id: java.long(1), name: "x", score: 0, tags: null }),
    "s".repeat(40),
    Array.from({ length: 9 }, (_, i) => java.object("C" + i, { v: i }))
  ]
  const cyc: Array<unknown> = []
  cyc.push(cyc, java.array("int", [1]), java.array("int", [2]))
  const own = (["2.0", "draft"] as const).flatMap((dialect) => [encode(rich, { dialect }), encode(cyc, { dialect }), encode("x".repeat(300), { dialect })])
  return [...golden, ...own]
}

/** Absurd lengths and counts spliced into the stream. */
const evil = [
  [0x49, 0x7f, 0xff, 0xff, 0xff],
  [0x58, 0x49, 0x7f, 0xff, 0xff, 0xff],
  [0x56, 0x6c, 0x7f, 0xff, 0xff, 0xff],
  [0x53, 0xff, 0xff],
  [0x52, 0xff, 0xff],
  [0x42, 0xff, 0xff],
  [0x41, 0xff, 0xff],
  [0x4f, 0x49, 0x7f, 0xff, 0xff, 0xff],
  [0x43, 0x05, 0x41, 0x41, 0x41, 0x41, 0x41, 0x49, 0x7f, 0xff, 0xff, 0xff],
  [0x51, 0x49, 0x7f, 0xff, 0xff, 0xff],
  [0x4a, 0xff],
  [0x76, 0x49, 0x00, 0x00, 0x00, 0x00, 0x49, 0x7f, 0xff, 0xff, 0xff],
  [0x79, 0x79, 0x79, 0x79, 0x79, 0x79, 0x79, 0x79],
  [0x60, 0x6f, 0x4f, 0x90]
]

const mutate = (src: Uint8Array, r: (n: number) => number): Uint8Array => {
  let b = Uint8Array.from(src)
  const rounds = 1 + r(4)
  for (let k = 0; k < rounds; k++) {
    const at = b.length === 0 ? 0 : r(b.length)
    switch (r(7)) {
      case 0: // bit flip
        if (b.length > 0) b[at] ^= 1 << r(8)
        break
      case 1: // random byte
        if (b.length > 0) b[at] = r(256)
        break
      case 2: // truncate
        b = b.subarray(0, at)
        break
      case 3: { // insert random bytes
        const ins = Uint8Array.from({ length: 1 + r(4) }, () => r(256))
        b = Uint8Array.from([...b.subarray(0, at), ...ins, ...b.subarray(at)])
        break
      }
      case 4: { // insert an absurd length
        const ins = evil[r(evil.length)]
        b = Uint8Array.from([...b.subarray(0, at), ...ins, ...b.subarray(at)])
        break
      }
      case 5: // delete a run
        b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + 1 + r(8))])
        break
      default: { // duplicate a run
        const len = 1 + r(16)
        b = Uint8Array.from([...b.subarray(0, at + len), ...b.subarray(at, at + len), ...b.subarray(at + len)])
      }
    }
  }
  return b
}

const dialects: Array<ReaderOptions> = [{ limits }, { limits, dialect: "2.0" }, { limits, dialect: "draft" }, { limits, withType: true, maps: "map", longs: "bigint" }]

const decodeOne = (bytes: Uint8Array, i: number): void => {
  const options = dialects[i & 3]
  switch (i % 9) {
    case 4: return void decodeSofaRequest(bytes, options)
    case 5: return void decodeSofaResponse(bytes, options)
    case 6: return void decodeDubboRequestBody(bytes, options)
    case 7: return void decodeDubboResponseBody(bytes, options)
  }
  const reader = createReader(bytes, options)
  for (let n = 0; n < 64 && !reader.done; n++) reader.read()
}

test(`fuzz: ${ITERATIONS} mutated bodies only ever decode or throw HessianError`, () => {
  const r = rng(0x5eed1234)
  const pool = seeds()
  const started = Date.now()
  let errors = 0
  let slowest = 0
  for (let i = 0; i < ITERATIONS; i++) {
    const input = mutate(pool[r(pool.length)], r)
    const t0 = performance.now()
    try {
      decodeOne(input, i)
    } catch (e) {
      if (!(e instanceof HessianError)) {
        assert.fail(`iteration ${i}: ${String(e)} (${(e as Error).name}) on input ${toHex(input)}`)
      }
      errors++
    }
    slowest = Math.max(slowest, performance.now() - t0)
  }
  const elapsed = Date.now() - started
  assert.ok(errors > ITERATIONS / 10, `mutations should mostly break the input (${errors} errors)`)
  assert.ok(slowest < 1000, `one decode took ${slowest.toFixed(0)} ms`)
  assert.ok(elapsed < 60_000, `fuzzing took ${elapsed} ms`)
})

test("fuzz: every prefix of every seed decodes or throws HessianError", () => {
  for (const seed of seeds()) {
    for (let n = 0; n <= seed.length; n++) {
      for (const options of dialects) {
        try {
          const reader = createReader(seed.subarray(0, n), options)
          while (!reader.done) reader.read()
        } catch (e) {
          assert.ok(e instanceof HessianError, `prefix ${n} of ${toHex(seed)}: ${String(e)}`)
        }
      }
    }
  }
})
