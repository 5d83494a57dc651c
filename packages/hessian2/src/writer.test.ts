import { test } from "node:test"
import assert from "node:assert/strict"
import { createWriter, encode } from "./writer.ts"
import { decode } from "./reader.ts"
import { java } from "./java.ts"
import { HessianError } from "./hessian-error.ts"
import { toHex } from "../testdata/bolt-dubbo.ts"

/** Expected bytes: hex with spaces, plus "quoted ascii" runs. */
const x = (s: string): string =>
  s.replace(/"([^"]*)"/g, (_, t: string) => Array.from(t, (c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join("")).replace(/\s/g, "")
const f = (v: unknown): string => toHex(encode(v))
const d = (v: unknown): string => toHex(encode(v, { dialect: "draft" }))
const both = (v: unknown, hex: string): void => {
  assert.equal(f(v), x(hex), "final")
  assert.equal(d(v), x(hex), "draft")
}

test("null, booleans, ints in every compact form (same in both dialects)", () => {
  both(null, "4e")
  both(undefined, "4e")
  both(true, "54")
  both(false, "46")
  both(0, "90")
  both(-16, "80")
  both(47, "bf")
  both(48, "c8 30")
  both(-2048, "c0 00")
  both(2047, "cf ff")
  both(2048, "d4 08 00")
  both(-262144, "d0 00 00")
  both(262143, "d7 ff ff")
  both(262144, "49 00 04 00 00")
  both(-2147483648, "49 80 00 00 00")
  both(java.int(5), "95")
  both(java.Integer(5), "95")
  both(java.short(-1), "8f")
})

test("longs: plain integers beyond 32 bits, bigints and typed longs; 32-bit form differs by dialect", () => {
  both(java.long(0), "e0")
  both(java.long(-8), "d8")
  both(java.Long(15), "ef")
  both(java.long(16), "f8 10")
  both(java.long(-2048), "f0 00")
  both(java.long(2048), "3c 08 00")
  both(java.long(-262144), "38 00 00")
  both(java.long(262143), "3f ff ff")
  assert.equal(f(java.long(262144)), "5900040000")
  assert.equal(d(java.long(262144)), "7700040000")
  both(2147483648, "4c 00 00 00 00 80 00 00 00")
  both(-(2 ** 40), "4c ff ff ff 00 00 00 00 00")
  both(2n ** 53n + 1n, "4c 00 20 00 00 00 00 00 01")
  both(-1n, "df")
  both(java.long("9223372036854775807"), "4c 7f ff ff ff ff ff ff ff")
  both(2 ** 60, "4c 10 00 00 00 00 00 00 00")
  assert.throws(() => encode(2n ** 63n), (e: unknown) => e instanceof HessianError && e.reason === "InvalidValue")
  assert.throws(() => encode(java.long(1.5)), (e: unknown) => e instanceof HessianError && e.reason === "InvalidValue")
  assert.throws(() => encode(java.int(2 ** 31)), (e: unknown) => e instanceof HessianError && e.reason === "InvalidValue")
})

test("doubles: final 5b/5c/5d/5e/5f(mills)/D, draft 67/68/69/6a/6b(float)/D", () => {
  assert.equal(f(java.double(0)), "5b")
  assert.equal(f(java.double(1)), "5c")
  assert.equal(f(java.double(-128)), "5d80")
  assert.equal(f(java.double(-32768)), "5e8000")
  assert.equal(f(12.25), "5f00002fda")
  assert.equal(f(0.1), "5f00000064")
  assert.equal(f(java.double(32768)), "5f01f40000")
  assert.equal(f(Math.PI), "44400921fb54442d18")
  assert.equal(d(java.double(0)), "67")
  assert.equal(d(java.Double(1)), "68")
  assert.equal(d(java.float(-1)), "69ff")
  assert.equal(d(java.double(32767)), "6a7fff")
  assert.equal(d(java.double(32768)), "6b47000000")
  assert.equal(d(12.25), "444028800000000000")
  both(1e20, "44 44 15 af 1d 78 b5 8c 40")
  both(NaN, "44 7f f8 00 00 00 00 00 00")
})

test("strings: compact, 0x30 (final only), S, chunks that never split a surrogate pair", () => {
  both("", "00")
  both("hello", '05 "hello"')
  both("é", "01 c3 a9")
  both("😀", "02 ed a0 bd ed b8 80")
  both(java.String("x"), '01 "x"')
  assert.equal(f("a".repeat(32)), x("30 20" + " 61".repeat(32)))
  assert.equal(d("a".repeat(32)), x("53 00 20" + " 61".repeat(32)))
  assert.equal(f("a".repeat(1024)), x("53 04 00" + " 61".repeat(1024)))
  assert.equal(f("a".repeat(0x8001)), x("52 80 00" + "61".repeat(0x8000) + "01 61"))
  assert.equal(d("a".repeat(0x8001)), x("73 80 00" + "61".repeat(0x8000) + "01 61"))
  const s = "a".repeat(0x7fff) + "😀b"
  assert.equal(f(s), x("52 7f ff" + "61".repeat(0x7fff) + "03 ed a0 bd ed b8 80 62"))
  const mixed = "Ünïcødé 中文 😀 ".repeat(3000)
  assert.equal(decode(encode(mixed)), mixed)
  assert.equal(decode(encode(mixed, { dialect: "draft" })), mixed)
})

test("binary: compact, 0x34 (final), B, chunks (final A 4093, draft b 32768)", () => {
  both(Uint8Array.of(1, 2, 3), "23 01 02 03")
  both(java.bytes(Uint8Array.of(9)), "21 09")
  assert.equal(f(new Uint8Array(16)), x("34 10" + "00".repeat(16)))
  assert.equal(d(new Uint8Array(16)), x("42 00 10" + "00".repeat(16)))
  assert.equal(f(new Uint8Array(5000)), x("41 0f fd" + "00".repeat(4093) + "37 8b" + "00".repeat(907)))
  assert.equal(d(new Uint8Array(5000)), x("42 13 88" + "00".repeat(5000)))
  assert.equal(d(new Uint8Array(0x8000 + 2)), x("62 80 00" + "00".repeat(0x8000) + "22 00 00"))
  const big = Uint8Array.from({ length: 100000 }, (_, i) => i & 0xff)
  assert.deepEqual(decode(encode(big)), big)
  assert.deepEqual(decode(encode(big, { dialect: "draft" })), big)
})

test("dates: final K for whole minutes else J, draft d", () => {
  assert.equal(f(new Date(60000000)), "4b000003e8")
  assert.equal(f(new Date(1234567890123)), "4a0000011f71fb04cb")
  assert.equal(d(new Date(60000000)), "640000000003938700")
  assert.equal(f(java.date(1234567890123)), "4a0000011f71fb04cb")
  both(new Date(NaN), "4e")
})

test("lists: untyped and typed, fixed forms per dialect, type references", () => {
  assert.equal(f([1, "a", null]), x('7b 91 01 "a" 4e'))
  assert.equal(d([1, "a", null]), x('56 6e 03 91 01 "a" 4e 7a'))
  assert.equal(f([]), "78")
  assert.equal(f([1, 2, 3, 4, 5, 6, 7, 8]), x("58 98 91 92 93 94 95 96 97 98"))
  assert.equal(f(java.array("int", [1, 2])), x('72 04 "[int" 91 92'))
  assert.equal(d(java.array("int", [1, 2])), x('56 74 00 04 "[int" 6e 02 91 92 7a'))
  assert.equal(f(java.list("[int", [1, 2, 3, 4, 5, 6, 7, 8])), x('56 04 "[int" 98 91 92 93 94 95 96 97 98'))
  assert.equal(f([java.array("int", [1]), java.array("int", [2])]), x('7a 71 04 "[int" 91 71 90 92'))
  assert.equal(d([java.array("int", [1]), java.array("int", [2])]), x('56 6e 02 56 74 00 04 "[int" 6e 01 91 7a 76 90 91 92 7a'))
  assert.equal(f(java.list("java.util.ArrayList", [1])), "7991")
  assert.equal(f(java.List([1])), x('71 0e "java.util.List" 91'))
  assert.equal(f(new Set([1, 2])), "7a9192")
  assert.equal(d(Array.from({ length: 300 }, () => 0)), x("56 6c 00 00 01 2c" + "90".repeat(300) + "7a"))
})

test("maps: plain objects and Maps untyped (final H, draft M), typed maps, key order kept", () => {
  assert.equal(f({ b: 1, a: "x" }), x('48 01 "b" 91 01 "a" 01 "x" 5a'))
  assert.equal(d({ b: 1, a: "x" }), x('4d 01 "b" 91 01 "a" 01 "x" 7a'))
  assert.equal(f(new Map<unknown, unknown>([[1, true]])), x("48 91 54 5a"))
  assert.equal(f(java.HashMap({ a: 1 })), x('48 01 "a" 91 5a'))
  assert.equal(f(java.map("java.util.TreeMap", { a: 1 })), x('4d 11 "java.util.TreeMap" 01 "a" 91 5a'))
  assert.equal(d(java.map("java.util.TreeMap", { a: 1 })), x('4d 74 00 11 "java.util.TreeMap" 01 "a" 91 7a'))
  assert.equal(f({ $class: "java.util.LinkedHashMap", $: { a: 1 } }), x('4d 17 "java.util.LinkedHashMap" 01 "a" 91 5a'))
  assert.equal(f([java.map("x.M", {}), java.map("x.M", {})]), x('7a 4d 03 "x.M" 5a 4d 90 5a'))
})

test("objects: one class definition per class and field list, instances by number", () => {
  const a = (n: number) => java.object("com.foo.A", { x: n })
  assert.equal(f(a(1)), x('43 09 "com.foo.A" 91 01 "x" 60 91'))
  assert.equal(d(a(1)), x('4f 99 "com.foo.A" 91 01 "x" 6f 90 91'))
  assert.equal(f([a(1), a(2)]), x('7a 43 09 "com.foo.A" 91 01 "x" 60 91 60 92'))
  assert.equal(d([a(1), a(2)]), x('56 6e 02 4f 99 "com.foo.A" 91 01 "x" 6f 90 91 6f 90 92 7a'))
  // same class, other fields: a second definition
  assert.equal(f([a(1), java.object("com.foo.A", { y: 2 })]), x('7a 43 09 "com.foo.A" 91 01 "x" 60 91 43 09 "com.foo.A" 91 01 "y" 61 92'))
  // the 17th class is written as O + int
  const classes = Array.from({ length: 17 }, (_, i) => java.object("C" + String.fromCharCode(97 + i), {}))
  assert.ok(f(classes).endsWith(x('43 02 "Cq" 90 4f a0')))
  assert.equal(f(java.enum("com.foo.Color", "RED")), x('43 0d "com.foo.Color" 91 04 "name" 60 03 "RED"'))
  assert.equal(f(java.object("com.foo.A", null)), "4e")
  assert.equal(f({ $class: "java.lang.Object", $: 1 }), "91")
})

test("back references: repeated containers and cycles, per dialect", () => {
  const o = { a: 1 }
  assert.equal(f([o, o]), x('7a 48 01 "a" 91 5a 51 91'))
  assert.equal(d([o, o]), x('56 6e 02 4d 01 "a" 91 7a 4a 01 7a'))
  const cyc: Array<unknown> = []
  cyc.push(cyc)
  assert.equal(f(cyc), "795190")
  assert.equal(d(cyc), "566e014a007a")
  const node: { $class: string; $: { next: unknown } } = { $class: "N", $: { next: null } }
  node.$.next = node
  const back = decode(encode(node)) as Record<string, unknown>
  assert.equal(back.next, back)
  // many containers: refs beyond 255 (draft K) and beyond the linear table
  const shared = Array.from({ length: 300 }, (_, i) => ({ i }))
  const list = [...shared, ...shared]
  for (const dialect of ["2.0", "draft"] as const) {
    const got = decode(encode(list, { dialect })) as Array<unknown>
    assert.equal(got.length, 600)
    assert.equal(got[0], got[300])
    assert.equal(got[299], got[599])
  }
  assert.ok(d(list).includes("4b012c"))
})

test("a writer writes many values into one stream, then finish() hands out views nothing overwrites", () => {
  const w = createWriter({ initialSize: 64 })
  w.write(java.object("U", { id: 1 })).write(java.object("U", { id: 2 }))
  assert.equal(w.length, 11)
  const first = w.finish()
  assert.equal(toHex(first), x('43 01 "U" 91 02 "id" 60 91 60 92'))
  // tables were reset: the class is defined again
  const second = w.write(java.object("U", { id: 3 })).finish()
  assert.equal(toHex(second), x('43 01 "U" 91 02 "id" 60 93'))
  const big = w.write("z".repeat(5000)).finish()
  assert.equal(big.length, 5003)
  assert.equal(toHex(first), x('43 01 "U" 91 02 "id" 60 91 60 92'))
  assert.equal(toHex(second), x('43 01 "U" 91 02 "id" 60 93'))
  w.write(1)
  w.reset()
  assert.equal(w.length, 0)
  assert.equal(w.dialect, "2.0")
})

test("the encoder refuses values nested deeper than maxDepth", () => {
  let deep: unknown = 1
  for (let i = 0; i < 50; i++) deep = [deep]
  assert.throws(() => encode(deep, { maxDepth: 20 }), (e: unknown) => e instanceof HessianError && e.reason === "LimitExceeded")
  assert.equal(encode(deep).length, 51)
})
