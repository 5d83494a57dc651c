import { test } from "node:test"
import assert from "node:assert/strict"
import { createRequire } from "node:module"
import { decode } from "./reader.ts"
import { encode } from "./writer.ts"
import { java } from "./java.ts"
import type { Dialect } from "./dialect.ts"

// hessian.js 2.x writes the final dialect (sofa-rpc-node hessian '4.0', dubbo-remoting);
// hessian.js-1 v2 writes the draft dialect (sofa-rpc-node's default hessian '3.0').
const require = createRequire(import.meta.url)
interface Hjs {
  encode(v: unknown, version: string): Uint8Array
  decode(b: Uint8Array, version: string, withType?: boolean): unknown
}
const libs: Record<Dialect, Hjs> = { "2.0": require("hessian.js"), draft: require("hessian.js-1") }
const toBuffer = (b: Uint8Array): Uint8Array => (require("node:buffer") as { Buffer: { from(b: Uint8Array): Uint8Array } }).Buffer.from(b)

/** Comparable form: binaries as hex, bigints as strings. */
const norm = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => {
    if (x instanceof Uint8Array) return "bin:" + Array.from(x, (n) => n.toString(16).padStart(2, "0")).join("")
    if (typeof x === "bigint") return x.toString()
    if (x !== null && typeof x === "object" && (x as { type?: unknown }).type === "Buffer") return "bin:" + ((x as { data: Array<number> }).data.map((n) => n.toString(16).padStart(2, "0")).join(""))
    return x
  })

const values: Array<[string, unknown]> = [
  ["null", null],
  ["booleans", [true, false]],
  ["ints", [0, -16, 47, 48, -2048, 2047, 2048, -262144, 262143, 262144, 2147483647, -2147483648]],
  ["longs", [2147483648, -(2 ** 40), Number.MAX_SAFE_INTEGER, java.long(1), java.long(-9), java.long(300), java.long(100000), java.long(2147483647)]],
  ["doubles", [1.5, 0.001, 12.345, Math.PI, -0.5, java.double(0), java.double(1), java.double(-100), java.double(30000), java.double(100000)]],
  ["strings", ["", "hello", "a".repeat(31), "b".repeat(32), "c".repeat(1023), "d".repeat(1024), "e".repeat(40000), "中文 ünï 😀", "😀".repeat(20000)]],
  ["binary", [toBuffer(Uint8Array.of(1, 2, 3)), toBuffer(new Uint8Array(100).fill(7)), toBuffer(new Uint8Array(5000).fill(9)), toBuffer(new Uint8Array(70000).fill(1))]],
  ["dates", [new Date(60000 * 1000), new Date(1234567890123)]],
  ["lists", [[], [1, "a", null], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], java.array("java.lang.String", ["a", "b"]), java.array("int", [1, 2, 3, 4, 5, 6, 7, 8, 9])]],
  ["type refs", [java.array("int", [1]), java.array("int", [2]), java.array("long", [3])]],
  ["maps", [{ a: 1, b: "x", c: { d: [1] } }, java.HashMap({ k: "v" })]],
  ["objects", [java.object("com.foo.User", { id: "1", name: "x", age: 30 }), java.object("com.foo.User", { id: "2", name: "y", age: 31 })]],
  ["nested", java.object("com.foo.Order", { user: java.object("com.foo.User", { id: "1" }), items: [java.object("com.foo.Item", { sku: "s", n: 2 })], meta: { k: "v" } })],
  ["many classes", Array.from({ length: 20 }, (_, i) => java.object("com.foo.C" + i, { v: i }))]
]

for (const dialect of ["2.0", "draft"] as const) {
  const lib = libs[dialect]
  for (const [name, value] of values) {
    test(`interop ${dialect}: ${name} — same bytes as hessian.js, each decodes the other's`, () => {
      const ours = encode(value, { dialect })
      const theirs = lib.encode(value, "2.0")
      assert.equal(Array.from(ours).join(","), Array.from(theirs).join(","))
      assert.equal(norm(lib.decode(toBuffer(ours), "2.0")), norm(decode(theirs)))
      assert.equal(norm(decode(theirs, { dialect })), norm(lib.decode(toBuffer(theirs), "2.0")))
    })
  }
  test(`interop ${dialect}: shared references and cycles`, () => {
    const shared = { a: 1 }
    const ours = decode(lib.encode([shared, shared], "2.0")) as Array<unknown>
    assert.equal(ours[0], ours[1])
    const theirs = lib.decode(toBuffer(encode([shared, shared], { dialect })), "2.0") as Array<unknown>
    assert.equal(theirs[0], theirs[1])
    const cyc: Array<unknown> = []
    cyc.push(cyc)
    const back = lib.decode(toBuffer(encode(cyc, { dialect })), "2.0") as Array<unknown>
    assert.equal(back[0], back)
  })
  test(`interop ${dialect}: withType output matches hessian.js for objects and typed lists`, () => {
    const v = java.object("com.foo.User", { id: "1", tags: java.array("java.lang.String", ["a"]) })
    const bytes = encode(v, { dialect })
    const ours = decode(bytes, { withType: true }) as { $class: string; $: { id: unknown; tags: { $class: string } } }
    const theirs = lib.decode(toBuffer(bytes), "2.0", true) as { $class: string; $: { tags: { $class: string } } }
    assert.equal(ours.$class, theirs.$class)
    assert.equal(ours.$.tags.$class, theirs.$.tags.$class)
  })
}
