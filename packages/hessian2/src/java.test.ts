import { test } from "node:test"
import assert from "node:assert/strict"
import { isJavaValue, java, unwrapJava } from "./java.ts"
import { decode } from "./reader.ts"
import { encode } from "./writer.ts"

test("java helpers build { $class, $ } values named as in js-to-java", () => {
  assert.deepEqual(java("com.foo.User", { id: "1" }), { $class: "com.foo.User", $: { id: "1" } })
  assert.deepEqual(java.long(1), { $class: "long", $: 1 })
  assert.deepEqual(java.Long(1), { $class: "java.lang.Long", $: 1 })
  assert.deepEqual(java.int(1), { $class: "int", $: 1 })
  assert.deepEqual(java.string("x"), { $class: "java.lang.String", $: "x" })
  assert.deepEqual(java.array("int", [1]), { $class: "[int", $: [1] })
  assert.deepEqual(java.list("[java.lang.String", ["a"]), { $class: "[java.lang.String", $: ["a"] })
  assert.deepEqual(java.object("com.foo.User", { id: "1" }), { $class: "com.foo.User", $: { id: "1" } })
  assert.deepEqual(java.map("java.util.TreeMap", { a: 1 }), { $class: "java.util.TreeMap", $: new Map([["a", 1]]) })
  assert.deepEqual(java.enum("com.foo.Color", "RED"), { $class: "com.foo.Color", $: { name: "RED" } })
  assert.deepEqual(java.BigDecimal("1.50"), { $class: "java.math.BigDecimal", $: { value: "1.50" } })
  assert.equal(isJavaValue(java.int(1)), true)
  assert.equal(isJavaValue({ $class: "x" }), false)
})

test("withType decoding re-encodes to the same Java types; unwrapJava gives the plain result", () => {
  const value = [
    java.object("com.foo.User", { id: java.long(7), score: java.double(2), tags: java.array("java.lang.String", ["a"]) }),
    java.map("com.foo.CustomMap", { k: 1 }),
    1,
    "s"
  ]
  for (const dialect of ["2.0", "draft"] as const) {
    const bytes = encode(value, { dialect })
    const typed = decode(bytes, { withType: true })
    assert.deepEqual(encode(typed, { dialect }), bytes)
    assert.deepEqual(unwrapJava(typed), decode(bytes))
  }
  const cyc: { $class: string; $: { self: unknown } } = { $class: "N", $: { self: null } }
  cyc.$.self = cyc
  const plain = unwrapJava(decode(encode(cyc), { withType: true })) as { self: unknown }
  assert.equal(plain.self, plain)
})
