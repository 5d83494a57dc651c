import { test } from "node:test"
import assert from "node:assert/strict"
import { decodeSofaRequest, encodeSofaRequest, sofaArgSig } from "./sofa-request.ts"
import { HessianError } from "./hessian-error.ts"
import { encode } from "./writer.ts"
import { java } from "./java.ts"
import { boltContent, frames, toHex } from "../testdata/bolt-dubbo.ts"

const SERVICE = "com.example.EchoService:1.0"

test("encodeSofaRequest writes sofa-rpc-node's bytes: echo in both dialects, plus(int, int)", () => {
  const echo = { targetServiceUniqueName: SERVICE, methodName: "echo", args: [java.String("hello")] }
  assert.equal(toHex(encodeSofaRequest(echo)), toHex(boltContent(frames.sofaReqDraft)))
  assert.equal(toHex(encodeSofaRequest(echo, { dialect: "draft" })), toHex(boltContent(frames.sofaReqDraft)))
  assert.equal(toHex(encodeSofaRequest(echo, { dialect: "2.0" })), toHex(boltContent(frames.sofaReqFinal)))
  const plus = { targetServiceUniqueName: SERVICE, methodName: "plus", args: [1, 2] }
  assert.equal(toHex(encodeSofaRequest(plus)), toHex(boltContent(frames.sofaPlusReq)))
  const explicit = { ...plus, argSigs: ["int", "int"], requestProps: { service: SERVICE }, targetAppName: null }
  assert.equal(toHex(encodeSofaRequest(explicit)), toHex(boltContent(frames.sofaPlusReq)))
})

test("decodeSofaRequest reads the captured requests of both dialects", () => {
  const expected = {
    targetServiceUniqueName: SERVICE,
    methodName: "echo",
    argSigs: ["java.lang.String"],
    args: ["hello"],
    requestProps: { service: SERVICE },
    targetAppName: null
  }
  assert.deepEqual(decodeSofaRequest(boltContent(frames.sofaReqDraft)), expected)
  assert.deepEqual(decodeSofaRequest(boltContent(frames.sofaReqFinal)), expected)
  assert.deepEqual(decodeSofaRequest(boltContent(frames.sofaPlusReq)), { ...expected, methodName: "plus", argSigs: ["int", "int"], args: [1, 2] })
})

test("SofaRequest round trip: app name, props, typed arguments sharing the class table", () => {
  const user = (id: number) => java.object("com.example.User", { id: java.long(id), name: "n" + id })
  for (const dialect of ["draft", "2.0"] as const) {
    const bytes = encodeSofaRequest(
      {
        targetServiceUniqueName: SERVICE,
        methodName: "save",
        args: [user(1), [user(2)], java.array("java.lang.String", ["a"]), null],
        requestProps: new Map([["rpc_trace_context", "abc"]]),
        targetAppName: "app"
      },
      { dialect }
    )
    const req = decodeSofaRequest(bytes, { withType: true })
    assert.deepEqual(req.argSigs, ["com.example.User", "java.util.ArrayList", "[Ljava.lang.String;", "null"])
    assert.equal(req.targetAppName, "app")
    assert.deepEqual(req.requestProps, { rpc_trace_context: "abc" })
    assert.deepEqual(req.args, [
      { $class: "com.example.User", $: { id: { $class: "long", $: 1 }, name: "n1" } },
      [{ $class: "com.example.User", $: { id: { $class: "long", $: 2 }, name: "n2" } }],
      { $class: "[java.lang.String", $: ["a"] },
      null
    ])
    assert.deepEqual(decodeSofaRequest(bytes).args[0], { id: 1, name: "n1" })
  }
})

test("sofaArgSig derives signatures the way sofa-rpc-node does", () => {
  assert.equal(sofaArgSig("x"), "java.lang.String")
  assert.equal(sofaArgSig(1), "int")
  assert.equal(sofaArgSig(2 ** 40), "long")
  assert.equal(sofaArgSig(1.5), "double")
  assert.equal(sofaArgSig(true), "boolean")
  assert.equal(sofaArgSig(null), "null")
  assert.equal(sofaArgSig(new Date()), "java.util.Date")
  assert.equal(sofaArgSig(new Uint8Array()), "[B")
  assert.equal(sofaArgSig([]), "java.util.ArrayList")
  assert.equal(sofaArgSig({}), "java.util.HashMap")
  assert.equal(sofaArgSig(java.array("int", [])), "[I")
  assert.equal(sofaArgSig(java.list("[[com.foo.A", [])), "[[Lcom.foo.A;")
})

test("decodeSofaRequest rejects a body that is not a SofaRequest", () => {
  assert.throws(() => decodeSofaRequest(encode("x")), (e: unknown) => e instanceof HessianError && e.reason === "UnexpectedType")
  assert.throws(() => decodeSofaRequest(encode(java.object("com.Other", { a: 1 }))), (e: unknown) => e instanceof HessianError && e.reason === "UnexpectedType")
  assert.throws(() => decodeSofaRequest(new Uint8Array([0x4f])), (e: unknown) => e instanceof HessianError && e.reason === "Truncated")
})
