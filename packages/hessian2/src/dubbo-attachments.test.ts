// Tests: finding and replacing Dubbo attachments in request and response bodies, in the same Hessian stream.
import { test } from "node:test"
import assert from "node:assert/strict"
import { locateDubboRequestAttachments, locateDubboResponseAttachments, replaceDubboAttachments } from "./dubbo-attachments.ts"
import { decodeDubboRequestBody, encodeDubboRequestBody } from "./dubbo-request.ts"
import { decodeDubboResponseBody, encodeDubboResponseBody } from "./dubbo-response.ts"
import { isHessianError } from "./hessian-error.ts"
import { java } from "./java.ts"
import { createReader } from "./reader.ts"
import { encode } from "./writer.ts"

const IFACE = "com.example.EchoService"
const base = { dubboVersion: "2.0.2", path: IFACE, version: "1.0.0", method: "echo" }

test("a request's attachments: found after the arguments, replaced, the arguments kept byte for byte", () => {
  const body = encodeDubboRequestBody({ ...base, args: ["hello", 7], argTypes: ["java.lang.String", "int"], attachments: { interface: IFACE, timeout: "3000" } })
  const at = locateDubboRequestAttachments(body)
  assert.deepEqual([...at.attachments], [["interface", IFACE], ["timeout", "3000"]])
  assert.equal(at.flag, -1)
  const next = new Map(at.attachments)
  next.delete("timeout")
  next.set("x-added", "yes")
  const out = replaceDubboAttachments(body, at, next)
  assert.deepEqual(out.subarray(0, at.offset), body.subarray(0, at.offset))
  const back = decodeDubboRequestBody(out)
  assert.deepEqual(back.args, ["hello", 7])
  assert.deepEqual(back.attachments, { interface: IFACE, "x-added": "yes" })
})

test("a body without attachments gets them; Java-typed values survive a round trip", () => {
  const bare = new Uint8Array([...encode("2.0.2"), ...encode("p.S"), ...encode(null), ...encode("m"), ...encode("I"), ...encode(1)])
  const at = locateDubboRequestAttachments(bare)
  assert.equal(at.offset, bare.length)
  assert.equal(at.attachments.size, 0)
  const out = replaceDubboAttachments(bare, at, { k: "v", n: java.long(5) })
  assert.deepEqual(decodeDubboRequestBody(out).attachments, { k: "v", n: 5 })
  // the values as located keep their types for writing back
  const again = locateDubboRequestAttachments(out)
  assert.deepEqual(again.attachments.get("n"), { $class: "long", $: 5 })
})

test("class, type and reference numbers in new attachments continue the arguments' tables", () => {
  // the arguments define class p.U (class 0), a typed list (type 0) and two containers (refs 0..2)
  const args = [java.object("p.U", { a: 1 }), java.array("int", [1, 2])]
  const body = encodeDubboRequestBody({ ...base, args, argTypes: ["p.U", "int[]"], attachments: {} })
  const at = locateDubboRequestAttachments(body)
  assert.ok(at.tables.classes >= 1 && at.tables.types >= 1 && at.tables.refs >= 2, JSON.stringify(at.tables))
  const shared = ["x", "y"]
  const out = replaceDubboAttachments(body, at, {
    obj: java.object("p.V", { b: 2 }), // a new class: numbered after p.U
    same: java.object("p.U", { a: 3 }), // p.U again: defined again in this part of the stream, numbered on
    list: java.array("int", [3]),
    twice1: shared,
    twice2: shared // a back reference, numbered after the arguments' containers
  })
  const back = decodeDubboRequestBody(out, { withType: true })
  assert.deepEqual(back.args, [{ $class: "p.U", $: { a: 1 } }, { $class: "[int", $: [1, 2] }])
  const a = locateDubboRequestAttachments(out).attachments
  assert.deepEqual(a.get("obj"), { $class: "p.V", $: { b: 2 } })
  assert.deepEqual(a.get("same"), { $class: "p.U", $: { a: 3 } })
  assert.deepEqual(a.get("list"), { $class: "[int", $: [3] })
  assert.deepEqual([a.get("twice1"), a.get("twice2")], [["x", "y"], ["x", "y"]])
  assert.deepEqual(back.attachments.twice2, ["x", "y"])
})

test("a response: flags 0-2 become 3-5 with attachments; flags 3-5 have theirs replaced", () => {
  const value = encodeDubboResponseBody({ value: "hi" })
  const at = locateDubboResponseAttachments(value)
  assert.deepEqual([at.flag, at.attachments.size], [1, 0])
  const withAtt = replaceDubboAttachments(value, at, { trace: "t1" })
  assert.deepEqual(decodeDubboResponseBody(withAtt), { flag: 4, value: "hi", attachments: { trace: "t1" } })

  const had = encodeDubboResponseBody({ value: null, attachments: { a: "1", b: "2" } })
  const at2 = locateDubboResponseAttachments(had)
  assert.deepEqual([at2.flag, [...at2.attachments]], [5, [["a", "1"], ["b", "2"]]])
  assert.deepEqual(decodeDubboResponseBody(replaceDubboAttachments(had, at2, { b: "3" })), { flag: 5, attachments: { b: "3" } })

  const exc = encodeDubboResponseBody({ exception: java.object("java.lang.RuntimeException", { detailMessage: "boom" }) })
  const at3 = locateDubboResponseAttachments(exc)
  const out3 = decodeDubboResponseBody(replaceDubboAttachments(exc, at3, { z: "9" }))
  assert.deepEqual([out3.flag, out3.attachments], [3, { z: "9" }])
})

test("locating honours the reader limits and rejects what is not a Dubbo body", () => {
  const body = encodeDubboRequestBody({ ...base, args: ["x".repeat(2000)], attachments: { a: "b" } })
  assert.throws(() => locateDubboRequestAttachments(body, { limits: { maxStringLength: 100 } }), (e) => isHessianError(e) && e.reason === "LimitExceeded")
  assert.throws(() => locateDubboResponseAttachments(encode(9)), (e) => isHessianError(e) && e.reason === "UnexpectedType")
  assert.throws(() => locateDubboRequestAttachments(new Uint8Array([...encode(1)])), (e) => isHessianError(e))
})

test("writer tables: back references and class numbers start from the given counts", () => {
  const shared = { k: 1 }
  const bytes = encode([shared, shared], { tables: { refs: 5, classes: 0, types: 0 } })
  // list (ref 5), map (ref 6), then a back reference 0x51 to #6
  assert.equal(bytes[bytes.length - 2], 0x51)
  assert.equal(bytes[bytes.length - 1], 0x90 + 6)
  const obj = encode(java.object("p.U", { a: 1 }), { tables: { refs: 0, classes: 3, types: 0 } })
  const r = createReader(obj)
  assert.throws(() => r.read()) // instance #3 does not exist in a stream of its own: the number continued from 3
  assert.ok(obj.includes(0x60 + 3))
})
