// Tests: generic JSON invoke parsing, Java type names and JSON results.
import { test } from "node:test"
import assert from "node:assert/strict"
import { Code } from "@mosaic/kernel"
import type { RpcError } from "@mosaic/rpc"
import { hessianType, isJsonContentType, javaToJson, parseGenericInvoke } from "./generic-json.ts"

const enc = (s: string) => new TextEncoder().encode(s)
const dec = (b: Uint8Array) => new TextDecoder().decode(b)

test("parses the call; declared types tag plain args; typed args stay as given", () => {
  const g = parseGenericInvoke(enc('{"method":"plus","argTypes":["int","long"],"args":[1,"9007199254740993"]}'), "ignored")
  assert.equal(g.method, "plus")
  assert.deepEqual(g.args, [{ $class: "int", $: 1 }, { $class: "long", $: "9007199254740993" }])
  const t = parseGenericInvoke(enc('{"args":[{"$class":"java.lang.String","$":"x"},2]}'), "echo")
  assert.equal(t.method, "echo")
  assert.equal(t.argTypes, undefined)
  assert.deepEqual(t.args, [{ $class: "java.lang.String", $: "x" }, 2])
  assert.deepEqual(parseGenericInvoke(enc('["a"]'), "echo").args, ["a"])
  assert.deepEqual(parseGenericInvoke(new Uint8Array(0), "ping").args, [])
})

test("bad bodies are INVALID_ARGUMENT naming the problem", () => {
  for (const [body, re] of [["{", /not JSON/], ['{"args":1}', /`args`/], ['{"argTypes":["int"],"args":[]}', /1 argTypes for 0 args/], ["3", /object/], ['{"args":[]}', /method/]] as const) {
    assert.throws(() => parseGenericInvoke(enc(body), re.source === "method" ? "" : "m"), (e: RpcError) => e.code === Code.INVALID_ARGUMENT && re.test(e.message))
  }
})

test("type names, content types and JSON results", () => {
  assert.deepEqual(["int[]", "[I", "java.lang.String[]", "[Ljava.lang.String;", "long", "[[I"].map(hessianType), ["[int", "[int", "[java.lang.String", "[java.lang.String", "long", "[[int"])
  assert.ok(isJsonContentType("Application/JSON; charset=utf-8"))
  assert.ok(!isJsonContentType("application/grpc"))
  const v = { big: 2n ** 60n, m: new Map<unknown, unknown>([["k", 1], [2, "two"]]), d: new Date(0), b: Uint8Array.of(1, 2, 3), s: undefined }
  assert.equal(dec(javaToJson(v)), '{"big":"1152921504606846976","m":{"2":"two","k":1},"d":"1970-01-01T00:00:00.000Z","b":"AQID"}')
  assert.equal(dec(javaToJson(undefined)), "null")
  const cyc: Record<string, unknown> = {}
  cyc.self = cyc
  assert.throws(() => javaToJson(cyc), (e: RpcError) => e.code === Code.INTERNAL)
})
