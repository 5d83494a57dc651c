// Test fixture (not shipped): Hessian reader fuzz targets (final, draft, auto + SOFA/Dubbo bodies; typed values re-encode), for fuzz.test.ts and `npm run fuzz`.
import { fuzzCheck, fuzzInput, toHex } from "@mosaic/bytes/testing"
import type { FuzzTarget, InputShape } from "@mosaic/bytes/testing"
import { boltContent, dubboBody, frames } from "../testdata/bolt-dubbo.ts"
import type { Dialect } from "./dialect.ts"
import { decodeDubboRequestBody } from "./dubbo-request.ts"
import { decodeDubboResponseBody } from "./dubbo-response.ts"
import { HessianError } from "./hessian-error.ts"
import { java } from "./java.ts"
import { createReader, type ReaderOptions } from "./reader.ts"
import { decodeSofaRequest } from "./sofa-request.ts"
import { decodeSofaResponse } from "./sofa-response.ts"
import { createWriter, encode } from "./writer.ts"

export const LIMITS = {
  maxDepth: 32,
  maxStringLength: 4096,
  maxBinaryLength: 4096,
  maxCollectionLength: 1024,
  maxTotalBytes: 1 << 20,
  maxInputBytes: 1 << 16
}

/** Values read from one input at most (a stream of 1-byte values would otherwise be long). */
const MAX_VALUES = 64

/** Golden SOFA/Dubbo bodies and values of our own (objects, refs, dates, typed maps, a cycle) in both dialects. */
export const hessianCorpus = (): Array<Uint8Array> => {
  const golden = [frames.sofaReqDraft, frames.sofaReqFinal, frames.sofaPlusReq, frames.sofaResDraft, frames.sofaResFinal, frames.sofaPlusRes].map(boltContent)
    .concat([frames.dubboReq, frames.dubboPlusReq, frames.dubboSofaClientReq, frames.dubboRes, frames.dubboErrRes].map(dubboBody))
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

/** Absurd lengths and counts, and tags that start containers, refs and class definitions. */
const SHAPE: InputShape = {
  headerSpan: 8,
  dictionary: [
    [0x49, 0x7f, 0xff, 0xff, 0xff], [0x58, 0x49, 0x7f, 0xff, 0xff, 0xff], [0x56, 0x6c, 0x7f, 0xff, 0xff, 0xff], [0x53, 0xff, 0xff], [0x52, 0xff, 0xff],
    [0x42, 0xff, 0xff], [0x41, 0xff, 0xff], [0x4f, 0x49, 0x7f, 0xff, 0xff, 0xff], [0x43, 0x05, 0x41, 0x41, 0x41, 0x41, 0x41, 0x49, 0x7f, 0xff, 0xff, 0xff],
    [0x51, 0x49, 0x7f, 0xff, 0xff, 0xff], [0x4a, 0xff], [0x76, 0x49, 0x00, 0x00, 0x00, 0x00, 0x49, 0x7f, 0xff, 0xff, 0xff],
    [0x79, 0x79, 0x79, 0x79, 0x79, 0x79, 0x79, 0x79], [0x60, 0x6f, 0x4f, 0x90], [0x4d, 0x74, 0x00, 0x00], [0x55, 0x90, 0x91, 0x5a], [0x57, 0x90, 0x5a],
    [0x51, 0x90], [0x4a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00], [0x44, 0x80, 0, 0, 0, 0, 0, 0, 0], [0x5f, 0x80, 0, 0, 0], [0x02, 0xed, 0xa0]
  ].map((a) => Uint8Array.from(a))
}

/** Reads up to MAX_VALUES values; HessianError propagates. */
const readAll = (bytes: Uint8Array, options: ReaderOptions): { values: Array<unknown>; dialect: Dialect | "auto" } => {
  const r = createReader(bytes, options)
  const values: Array<unknown> = []
  while (!r.done && values.length < MAX_VALUES) values.push(r.read())
  return { values, dialect: r.dialect }
}

/** Writes values in one stream; undefined when the writer refuses them (HessianError). */
const writeAll = (values: ReadonlyArray<unknown>, dialect: Dialect): Uint8Array | undefined => {
  const w = createWriter({ dialect })
  try {
    for (const v of values) w.write(v)
  } catch (e) {
    if (e instanceof HessianError) return undefined
    throw e
  }
  return w.finish().slice()
}

/**
 * Typed values (withType) written back and read again give the same bytes on the second write: what the
 * reader returns is a fixed point of write-then-read, so a proxy can re-encode what it decoded.
 */
const reencodes = (values: ReadonlyArray<unknown>, dialect: Dialect, variant: Partial<ReaderOptions>): void => {
  const once = writeAll(values, dialect)
  if (once === undefined) return
  let again: Array<unknown>
  try {
    again = readAll(once, { limits: LIMITS, dialect, withType: true, ...variant }).values
  } catch (e) {
    throw new Error(`re-encoded bytes ${toHex(once)} do not read back: ${String(e)}`, { cause: e })
  }
  const twice = writeAll(again, dialect)
  fuzzCheck(twice !== undefined && toHex(twice) === toHex(once), () => `re-encoding is not stable: ${toHex(once)} -> ${twice === undefined ? "refused" : toHex(twice)}`)
}

const BODIES = [decodeSofaRequest, decodeSofaResponse, decodeDubboRequestBody, decodeDubboResponseBody] as const
const VARIANTS: ReadonlyArray<Partial<ReaderOptions>> = [{}, { maps: "map" }, { longs: "bigint" }, { maps: "map", longs: "bigint" }]

/** One reader dialect: "2.0", "draft", or "auto" (which also runs the SOFA/Dubbo body decoders). */
const target = (dialect: Dialect | "auto"): FuzzTarget => {
  const corpus = hessianCorpus()
  return {
    name: `hessian2-${dialect === "2.0" ? "final" : dialect}`,
    generate: (rnd) => fuzzInput(corpus, rnd, SHAPE),
    check(input, rnd) {
      const variant = VARIANTS[Math.floor(rnd() * VARIANTS.length)]!
      try {
        if (dialect === "auto" && rnd() < 0.4) {
          BODIES[Math.floor(rnd() * BODIES.length)]!(input, { limits: LIMITS, ...variant })
          return "accepted"
        }
        if (rnd() < 0.5) {
          readAll(input, { limits: LIMITS, dialect, ...variant })
          return "accepted"
        }
        const typed = readAll(input, { limits: LIMITS, dialect, withType: true, ...variant })
        reencodes(typed.values, typed.dialect === "draft" ? "draft" : "2.0", variant)
        return "accepted"
      } catch (e) {
        if (e instanceof HessianError) return "rejected"
        throw e
      }
    }
  }
}

export const hessianFuzzTargets = (): Array<FuzzTarget> => [target("2.0"), target("draft"), target("auto")]
