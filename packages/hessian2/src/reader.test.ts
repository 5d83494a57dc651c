import { test } from "node:test"
import assert from "node:assert/strict"
import { createReader, decode, decodeAll } from "./reader.ts"
import { HessianError } from "./hessian-error.ts"
import { hex } from "../testdata/bolt-dubbo.ts"

/** Hex with spaces, plus "quoted ascii" runs. */
const b = (s: string): Uint8Array =>
  hex(s.replace(/"([^"]*)"/g, (_, t: string) => Array.from(t, (c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join("")).replace(/\s/g, ""))
const d2 = (s: string, o?: object) => decode(b(s), { dialect: "2.0", ...o })
const dd = (s: string, o?: object) => decode(b(s), { dialect: "draft", ...o })

const fails = (fn: () => unknown, reason: string): void => {
  assert.throws(fn, (e: unknown) => e instanceof HessianError && e.reason === reason)
}

test("null, booleans and every int form", () => {
  for (const dec of [d2, dd]) {
    assert.equal(dec("4e"), null)
    assert.equal(dec("54"), true)
    assert.equal(dec("46"), false)
    assert.equal(dec("90"), 0)
    assert.equal(dec("80"), -16)
    assert.equal(dec("bf"), 47)
    assert.equal(dec("c8 30"), 48)
    assert.equal(dec("c0 00"), -2048)
    assert.equal(dec("cf ff"), 2047)
    assert.equal(dec("d4 08 00"), 2048)
    assert.equal(dec("d0 00 00"), -262144)
    assert.equal(dec("d7 ff ff"), 262143)
    assert.equal(dec("49 00 04 00 00"), 262144)
    assert.equal(dec("49 80 00 00 00"), -2147483648)
    assert.equal(dec("49 7f ff ff ff"), 2147483647)
  }
})

test("longs: compact forms, 32-bit form per dialect, 64-bit number or bigint", () => {
  for (const dec of [d2, dd]) {
    assert.equal(dec("e0"), 0)
    assert.equal(dec("d8"), -8)
    assert.equal(dec("ef"), 15)
    assert.equal(dec("f8 10"), 16)
    assert.equal(dec("f0 00"), -2048)
    assert.equal(dec("3c 08 00"), 2048)
    assert.equal(dec("38 00 00"), -262144)
    assert.equal(dec("3f ff ff"), 262143)
    assert.equal(dec("4c 00 00 00 00 80 00 00 00"), 2147483648)
    assert.equal(dec("4c 00 1f ff ff ff ff ff ff"), Number.MAX_SAFE_INTEGER)
    assert.equal(dec("4c ff e0 00 00 00 00 00 01"), -Number.MAX_SAFE_INTEGER)
    assert.equal(dec("4c 00 20 00 00 00 00 00 00"), 2n ** 53n)
    assert.equal(dec("4c ff e0 00 00 00 00 00 00"), -(2n ** 53n))
    assert.equal(dec("4c 7f ff ff ff ff ff ff ff"), 2n ** 63n - 1n)
    assert.equal(dec("4c 80 00 00 00 00 00 00 00"), -(2n ** 63n))
  }
  assert.equal(d2("59 00 04 00 00"), 262144)
  assert.equal(dd("77 00 04 00 00"), 262144)
  assert.equal(d2("e1", { longs: "bigint" }), 1n)
  assert.deepEqual(d2("e1", { withType: true }), { $class: "long", $: 1 })
})

test("doubles: final 5b-5f and D, draft 67-6b and D", () => {
  assert.equal(d2("5b"), 0)
  assert.equal(d2("5c"), 1)
  assert.equal(d2("5d 80"), -128)
  assert.equal(d2("5e 80 00"), -32768)
  assert.equal(d2("5f 00 00 2f da"), 12.25)
  assert.equal(d2("5f ff ff fe 0c"), -0.5)
  assert.equal(d2("44 40 28 80 00 00 00 00 00"), 12.25)
  assert.equal(dd("67"), 0)
  assert.equal(dd("68"), 1)
  assert.equal(dd("69 ff"), -1)
  assert.equal(dd("6a 7f ff"), 32767)
  assert.equal(dd("6b 47 00 00 00"), 32768)
  assert.equal(dd("44 7f f0 00 00 00 00 00 00"), Infinity)
  assert.deepEqual(d2("5c", { withType: true }), { $class: "double", $: 1 })
})

test("strings: compact, 0x30, S, chunks, multi-byte, surrogates as Java writes them and as 4-byte UTF-8", () => {
  for (const dec of [d2, dd]) {
    assert.equal(dec("00"), "")
    assert.equal(dec('05 "hello"'), "hello")
    assert.equal(dec("01 c3 a9"), "é")
    assert.equal(dec("02 ed a0 bd ed b8 80"), "😀")
    assert.equal(dec("02 f0 9f 98 80"), "😀")
    assert.equal(dec("03 e4 b8 ad c3 a9 41"), "中éA")
    assert.equal(dec('53 00 03 "abc"'), "abc")
    assert.equal(dec('30 03 "abc"'), "abc")
    assert.equal(dec("01 c0 80"), "\u0000") // Java's overlong NUL
  }
  assert.equal(d2('52 00 02 "ab" 52 00 01 "c" 01 "d"'), "abcd")
  assert.equal(dd('73 00 02 "ab" 53 00 01 "c"'), "abc")
  const long = "é".repeat(300) + "x"
  assert.equal(d2("31 2d " + "c3a9".repeat(300) + "78"), long)
})

test("binary: compact, 0x34, B and chunked forms are copies", () => {
  assert.deepEqual(d2("20"), new Uint8Array(0))
  assert.deepEqual(d2("23 01 02 03"), Uint8Array.of(1, 2, 3))
  assert.deepEqual(d2("34 03 01 02 03"), Uint8Array.of(1, 2, 3))
  assert.deepEqual(d2("42 00 02 01 02"), Uint8Array.of(1, 2))
  assert.deepEqual(d2("41 00 02 01 02 21 03"), Uint8Array.of(1, 2, 3))
  assert.deepEqual(dd("62 00 02 01 02 42 00 01 03"), Uint8Array.of(1, 2, 3))
  const src = b("22 05 06")
  const got = decode(src) as Uint8Array
  src[1] = 0
  assert.deepEqual(got, Uint8Array.of(5, 6))
})

test("dates: final J (ms) and K (minutes), draft d", () => {
  assert.deepEqual(d2("4a 00 00 01 1f 71 fb 04 cb"), new Date(1234567890123))
  assert.deepEqual(d2("4b 00 00 03 e8"), new Date(60000000))
  assert.deepEqual(dd("64 00 00 01 1f 71 fb 04 cb"), new Date(1234567890123))
})

test("final lists: fixed typed/untyped, V, X, variable U/W", () => {
  assert.deepEqual(d2('7b 91 01 "a" 4e'), [1, "a", null])
  assert.deepEqual(d2("78"), [])
  assert.deepEqual(d2('72 04 "[int" 91 92'), [1, 2])
  assert.deepEqual(d2('72 04 "[int" 91 92', { withType: true }), { $class: "[int", $: [1, 2] })
  assert.deepEqual(d2('56 04 "[int" 92 91 92'), [1, 2])
  assert.deepEqual(d2("58 92 91 92"), [1, 2])
  assert.deepEqual(d2('55 04 "[int" 91 92 5a', { withType: true }), { $class: "[int", $: [1, 2] })
  assert.deepEqual(d2("57 91 92 93 5a"), [1, 2, 3])
  // second list names its type by reference
  assert.deepEqual(d2('7a 71 04 "[int" 91 71 90 92', { withType: true }), [
    { $class: "[int", $: [1] },
    { $class: "[int", $: [2] }
  ])
})

test("draft lists: V [t|u] [n|l] … z, and v ref len", () => {
  assert.deepEqual(dd('56 6e 03 91 01 "a" 4e 7a'), [1, "a", null])
  assert.deepEqual(dd("56 91 92 7a"), [1, 2])
  assert.deepEqual(dd("56 6c 00 00 00 02 91 92 7a"), [1, 2])
  assert.deepEqual(dd('56 74 00 04 "[int" 6e 02 91 92 7a', { withType: true }), { $class: "[int", $: [1, 2] })
  assert.deepEqual(dd('56 6e 02 56 74 00 04 "[int" 6e 01 91 7a 76 90 91 92 7a', { withType: true }), [
    { $class: "[int", $: [1] },
    { $class: "[int", $: [2] }
  ])
  assert.deepEqual(dd('56 6e 02 56 74 00 04 "[int" 6e 01 91 7a 56 75 90 6e 01 92 7a 7a', { withType: true }), [
    { $class: "[int", $: [1] },
    { $class: "[int", $: [2] }
  ])
})

test("maps: final H and typed M (type by string or reference), draft M with and without type", () => {
  assert.deepEqual(d2('48 01 "a" 91 01 "b" 4e 5a'), { a: 1, b: null })
  assert.deepEqual(d2('4d 11 "java.util.TreeMap" 01 "a" 91 5a'), { a: 1 })
  const typed = d2('4d 11 "java.util.TreeMap" 01 "a" 91 5a', { withType: true })
  assert.deepEqual(typed, { $class: "java.util.TreeMap", $: { a: 1 } })
  assert.deepEqual(d2('7a 4d 05 "x.Map" 5a 4d 90 5a', { withType: true }), [{ $class: "x.Map", $: {} }, { $class: "x.Map", $: {} }])
  assert.deepEqual(dd('4d 01 "a" 91 7a'), { a: 1 })
  assert.deepEqual(dd('4d 74 00 11 "java.util.TreeMap" 01 "a" 91 7a', { withType: true }), { $class: "java.util.TreeMap", $: { a: 1 } })
  assert.deepEqual(dd('48 01 "a" 91 7a'), { a: 1 })
  // non-string keys become property names; or use maps: "map"
  assert.deepEqual(d2("48 91 92 5a"), { "1": 2 })
  assert.deepEqual(d2("48 91 92 5a", { maps: "map" }), new Map([[1, 2]]))
})

test("a __proto__ key or field cannot replace the prototype", () => {
  const m = d2('48 09 "__proto__" 48 01 "x" 91 5a 5a') as Record<string, unknown>
  assert.equal(Object.getPrototypeOf(m), Object.prototype)
  assert.deepEqual(Object.keys(m), ["__proto__"])
  const o = d2('43 01 "A" 91 09 "__proto__" 60 54') as Record<string, unknown>
  assert.equal(Object.getPrototypeOf(o), Object.prototype)
  assert.equal(Object.getOwnPropertyDescriptor(o, "__proto__")?.value, true)
  // also once the class is read often enough to be compiled
  const many = d2('58 98 43 01 "B" 91 09 "__proto__" ' + "60 54 ".repeat(8)) as Array<Record<string, unknown>>
  for (const m of many) assert.equal(Object.getPrototypeOf(m), Object.prototype)
  // field names are data, never code
  const odd = d2('58 98 43 01 "C" 92 04 61 22 2b 62 03 "x}{" ' + "60 91 92 ".repeat(8)) as Array<Record<string, unknown>>
  assert.deepEqual(odd[7], { 'a"+b': 1, "x}{": 2 })
})

test("objects: final C + 0x60+n and O int, draft O def + o ref; plain or withType", () => {
  assert.deepEqual(d2('43 09 "com.foo.A" 91 01 "x" 60 91'), { x: 1 })
  assert.deepEqual(d2('43 09 "com.foo.A" 91 01 "x" 60 91', { withType: true }), { $class: "com.foo.A", $: { x: 1 } })
  assert.deepEqual(d2('7a 43 09 "com.foo.A" 91 01 "x" 60 91 4f 90 92'), [{ x: 1 }, { x: 2 }])
  assert.deepEqual(dd('4f 99 "com.foo.A" 91 01 "x" 6f 90 91'), { x: 1 })
  assert.deepEqual(dd('56 6e 02 4f 99 "com.foo.A" 91 01 "x" 6f 90 91 6f 90 92 7a', { withType: true }), [
    { $class: "com.foo.A", $: { x: 1 } },
    { $class: "com.foo.A", $: { x: 2 } }
  ])
  // many instances of one class go through a compiled reader; same result
  const many = "58 c8 40 43 01 \"P\" 92 01 \"a\" 01 \"b\" " + "60 91 92 ".repeat(64)
  assert.deepEqual(d2(many), Array.from({ length: 64 }, () => ({ a: 1, b: 2 })))
  assert.deepEqual(d2(many, { withType: true }), Array.from({ length: 64 }, () => ({ $class: "P", $: { a: 1, b: 2 } })))
})

test("back references and cycles resolve to the same container, in both dialects", () => {
  const shared = d2('7a 48 01 "a" 91 5a 51 91') as Array<unknown>
  assert.deepEqual(shared, [{ a: 1 }, { a: 1 }])
  assert.equal(shared[0], shared[1])
  const cyc = d2("79 51 90") as Array<unknown>
  assert.equal(cyc[0], cyc)
  const dcyc = dd("56 6e 01 4a 00 7a") as Array<unknown>
  assert.equal(dcyc[0], dcyc)
  const self = d2('43 01 "N" 91 04 "next" 60 51 90') as Record<string, unknown>
  assert.equal(self.next, self)
  const dself = dd('4f 91 "N" 91 04 "next" 6f 90 4b 00 00') as Record<string, unknown>
  assert.equal(dself.next, dself)
  const wide = dd('4f 91 "N" 91 04 "next" 6f 90 52 00 00 00 00') as Record<string, unknown>
  assert.equal(wide.next, wide)
})

test("auto dialect: the first deciding byte code wins, ambiguous values are retried", () => {
  const r1 = createReader(b('4f 99 "com.foo.A" 91 01 "x" 6f 90 91'))
  assert.deepEqual(r1.read(), { x: 1 })
  assert.equal(r1.dialect, "draft")
  const r2 = createReader(b('43 09 "com.foo.A" 91 01 "x" 60 91'))
  assert.deepEqual(r2.read(), { x: 1 })
  assert.equal(r2.dialect, "2.0")
  // draft untyped map (reads like a final typed map) and a draft ref J that reads like a final date
  assert.deepEqual(decode(b('4d 01 "a" 91 7a')), { a: 1 })
  assert.deepEqual(decode(b('4d 05 "a.b.c" 91 7a')), { "a.b.c": 1 })
  const pair = decode(b('56 6e 02 4d 01 "k" 91 7a 4a 01 7a')) as Array<unknown>
  assert.equal(pair[0], pair[1])
  assert.deepEqual(decode(b("4a 00 00 01 1f 71 fb 04 cb")), new Date(1234567890123))
  // a final typed map with a dotless type: the draft guess fails, final wins
  assert.deepEqual(decode(b('4d 04 "Type" 01 "a" 91 5a'), { withType: true }), { $class: "Type", $: { a: 1 } })
  assert.deepEqual(decode(b('4d 04 "Type" 01 "a" 91 5a')), { a: 1 })
  const r3 = createReader(b("91 92"))
  r3.read()
  assert.equal(r3.dialect, "auto")
})

test("a reader reads consecutive values sharing class definitions and references", () => {
  const bytes = b('43 01 "U" 91 02 "id" 60 91 60 92 05 "hello" 51 90')
  const r = createReader(bytes)
  const first = r.read()
  assert.deepEqual(first, { id: 1 })
  assert.equal(r.offset, 9)
  assert.deepEqual(r.read(), { id: 2 })
  assert.equal(r.read(), "hello")
  assert.equal(r.read(), first)
  assert.equal(r.done, true)
  assert.deepEqual(decodeAll(b("91 92 93")), [1, 2, 3])
  // read(withType) overrides the option for one value
  const r2 = createReader(b('43 01 "U" 91 02 "id" 60 91 60 92'))
  assert.deepEqual(r2.read(true), { $class: "U", $: { id: 1 } })
  assert.deepEqual(r2.read(), { id: 2 })
})

test("malformed input: Truncated, InvalidTag, BadReference, InvalidUtf8, InvalidLength with offsets", () => {
  fails(() => d2(""), "Truncated")
  fails(() => d2("49 00 00"), "Truncated")
  fails(() => d2('05 "hel"'), "Truncated")
  fails(() => d2("7a 91"), "Truncated")
  fails(() => d2("48 91 92"), "Truncated")
  fails(() => d2("40"), "InvalidTag")
  fails(() => d2("5a"), "InvalidTag")
  fails(() => dd("7a"), "InvalidTag")
  fails(() => d2("51 90"), "BadReference")
  fails(() => d2("60"), "BadReference")
  fails(() => d2("71 91 90"), "BadReference")
  fails(() => d2("01 80"), "InvalidUtf8")
  fails(() => d2("01 ff"), "InvalidUtf8")
  fails(() => d2("01 c3 41"), "InvalidUtf8")
  fails(() => d2("02 f4 90 80 80"), "InvalidUtf8")
  fails(() => d2("58 8f"), "InvalidLength")
  fails(() => d2('43 01 "A" 8f'), "InvalidLength")
  try {
    d2('7a 91 49 00')
    assert.fail("no error")
  } catch (e) {
    assert.ok(e instanceof HessianError)
    assert.equal(e._tag, "HessianError")
    assert.equal(e.reason, "Truncated")
    assert.equal(e.offset, 4)
  }
  const r = createReader(b("91 40"), { dialect: "2.0" })
  assert.equal(r.read(), 1)
  assert.throws(() => r.read(), (e: unknown) => e instanceof HessianError && e.reason === "InvalidTag" && e.offset === 1)
})

test("limits: depth, string, binary, collection length, budget, input size", () => {
  const deep = "79".repeat(40) + "90"
  assert.ok(Array.isArray(d2(deep)))
  fails(() => d2(deep, { limits: { maxDepth: 10 } }), "LimitExceeded")
  fails(() => d2('05 "hello"', { limits: { maxStringLength: 4 } }), "LimitExceeded")
  fails(() => d2('52 00 03 "abc" 03 "def"', { limits: { maxStringLength: 5 } }), "LimitExceeded")
  fails(() => d2("24 01 02 03 04", { limits: { maxBinaryLength: 3 } }), "LimitExceeded")
  fails(() => d2("7b 91 92 93", { limits: { maxCollectionLength: 2 } }), "LimitExceeded")
  fails(() => d2("57 91 92 93 5a", { limits: { maxCollectionLength: 2 } }), "LimitExceeded")
  fails(() => d2("48 91 92 93 94 95 96 5a", { limits: { maxCollectionLength: 2 } }), "LimitExceeded")
  fails(() => d2("7f " + "90 ".repeat(7), { limits: { maxTotalBytes: 100 } }), "LimitExceeded")
  fails(() => d2("90 90", { limits: { maxInputBytes: 1 } }), "LimitExceeded")
  // absurd declared lengths fail fast, without allocating
  fails(() => d2("58 49 7f ff ff ff 91"), "LimitExceeded")
  fails(() => d2("58 49 00 0f ff ff 91"), "Truncated")
  fails(() => d2("53 ff ff 41"), "Truncated")
  fails(() => d2("42 ff ff 41"), "Truncated")
})
