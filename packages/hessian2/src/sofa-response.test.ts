import { test } from "node:test"
import assert from "node:assert/strict"
import { decodeSofaResponse, encodeSofaResponse, SOFA_RESPONSE_CLASS } from "./sofa-response.ts"
import { encode } from "./writer.ts"
import { java } from "./java.ts"
import { HessianError } from "./hessian-error.ts"
import { boltContent, frames, toHex } from "../testdata/bolt-dubbo.ts"

test("encodeSofaResponse writes sofa-rpc-node's bytes in both dialects", () => {
  assert.equal(toHex(encodeSofaResponse({ appResponse: "hello" })), toHex(boltContent(frames.sofaResDraft)))
  assert.equal(toHex(encodeSofaResponse({ isError: false, appResponse: "hello" }, { dialect: "2.0" })), toHex(boltContent(frames.sofaResFinal)))
  assert.equal(toHex(encodeSofaResponse({ appResponse: 3, errorMsg: null, responseProps: null })), toHex(boltContent(frames.sofaPlusRes)))
})

test("decodeSofaResponse reads the captured responses", () => {
  const ok = { isError: false, errorMsg: null, appResponse: "hello", responseProps: null, className: SOFA_RESPONSE_CLASS }
  assert.deepEqual(decodeSofaResponse(boltContent(frames.sofaResDraft)), ok)
  assert.deepEqual(decodeSofaResponse(boltContent(frames.sofaResFinal)), ok)
  assert.deepEqual(decodeSofaResponse(boltContent(frames.sofaPlusRes)), { ...ok, appResponse: 3 })
  assert.throws(() => decodeSofaResponse(boltContent(frames.sofaErrResHead)), (e: unknown) => e instanceof HessianError && e.reason === "Truncated")
})

test("SofaResponse round trip: errors, props, typed results", () => {
  for (const dialect of ["draft", "2.0"] as const) {
    const err = decodeSofaResponse(encodeSofaResponse({ isError: true, errorMsg: "boom" }, { dialect }))
    assert.equal(err.isError, true)
    assert.equal(err.errorMsg, "boom")
    const res = encodeSofaResponse({ appResponse: java.object("com.foo.R", { total: java.long(2 ** 40) }), responseProps: { k: "v" } }, { dialect })
    assert.deepEqual(decodeSofaResponse(res).appResponse, { total: 2 ** 40 })
    assert.deepEqual(decodeSofaResponse(res).responseProps, { k: "v" })
    assert.deepEqual(decodeSofaResponse(res, { withType: true }).appResponse, { $class: "com.foo.R", $: { total: { $class: "long", $: 2 ** 40 } } })
  }
})

test("an error body that is an exception object or a string is reported as an error", () => {
  const exception = java.object("com.alipay.remoting.rpc.exception.RpcServerException", {
    detailMessage: "Can not find method",
    stackTrace: java.array("java.lang.StackTraceElement", []),
    cause: null
  })
  const r = decodeSofaResponse(encode(exception, { dialect: "draft" }))
  assert.equal(r.isError, true)
  assert.equal(r.errorMsg, "Can not find method")
  assert.equal(r.className, "com.alipay.remoting.rpc.exception.RpcServerException")
  assert.deepEqual(r.appResponse, { detailMessage: "Can not find method", stackTrace: [], cause: null })
  assert.deepEqual(decodeSofaResponse(encode("bad")), { isError: true, errorMsg: "bad", appResponse: null, responseProps: null, className: null })
  assert.throws(() => decodeSofaResponse(encode(1)), (e: unknown) => e instanceof HessianError && e.reason === "UnexpectedType")
})
