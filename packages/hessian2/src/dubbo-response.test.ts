import { test } from "node:test"
import assert from "node:assert/strict"
import { decodeDubboResponseBody, DubboResponseFlag, encodeDubboResponseBody } from "./dubbo-response.ts"
import { decode, decodeAll } from "./reader.ts"
import { HessianError } from "./hessian-error.ts"
import { encode } from "./writer.ts"
import { java } from "./java.ts"
import { dubboBody, frames, toHex } from "../testdata/bolt-dubbo.ts"

test("Dubbo response bodies: the captured `91 \"hello\"` and `91 93`", () => {
  assert.equal(toHex(encodeDubboResponseBody({ flag: 1, value: "hello" })), toHex(dubboBody(frames.dubboRes)))
  assert.equal(toHex(encodeDubboResponseBody({ value: 3 })), toHex(dubboBody(frames.dubboPlusRes)))
  assert.deepEqual(decodeDubboResponseBody(dubboBody(frames.dubboRes)), { flag: 1, value: "hello" })
  assert.deepEqual(decodeDubboResponseBody(dubboBody(frames.dubboPlusRes)), { flag: 1, value: 3 })
  // a non-OK status carries one string
  assert.equal(decode(dubboBody(frames.dubboErrRes)), "Can not find method: com.example.EchoService:1.0.0#nope()")
})

test("every response flag round trips, attachments with 3-5", () => {
  const ex = java.object("java.lang.RuntimeException", { detailMessage: "x" })
  const cases = [
    [{ flag: DubboResponseFlag.Exception, exception: ex }, "90"],
    [{ flag: DubboResponseFlag.Value, value: "v" }, "91"],
    [{ flag: DubboResponseFlag.Null }, "92"],
    [{ flag: DubboResponseFlag.ExceptionWithAttachments, exception: ex, attachments: { dubbo: "2.0.2" } }, "93"],
    [{ flag: DubboResponseFlag.ValueWithAttachments, value: "v", attachments: { dubbo: "2.0.2" } }, "94"],
    [{ flag: DubboResponseFlag.NullWithAttachments, attachments: { dubbo: "2.0.2" } }, "95"]
  ] as const
  for (const [body, first] of cases) {
    const bytes = encodeDubboResponseBody(body)
    assert.equal(toHex(bytes).slice(0, 2), first)
    const back = decodeDubboResponseBody(bytes)
    const expected = "exception" in body ? { ...body, exception: { detailMessage: "x" } } : body
    assert.deepEqual(back, expected)
  }
  assert.equal(encodeDubboResponseBody({ exception: "e" })[0], 0x90)
  assert.equal(encodeDubboResponseBody({ value: null })[0], 0x92)
  assert.equal(encodeDubboResponseBody({ value: 1, attachments: {} })[0], 0x94)
  assert.equal(encodeDubboResponseBody({ attachments: {} })[0], 0x95)
})

test("a trailing null (dubbo-go) is ignored; a bad flag is an error", () => {
  assert.deepEqual(decodeDubboResponseBody(new Uint8Array([0x92, 0x4e])), { flag: 2 })
  assert.deepEqual(decodeAll(new Uint8Array([0x91, 0x93, 0x4e])), [1, 3, null])
  assert.throws(() => decodeDubboResponseBody(encode(9)), (e: unknown) => e instanceof HessianError && e.reason === "UnexpectedType")
  assert.throws(() => decodeDubboResponseBody(encode("x")), (e: unknown) => e instanceof HessianError && e.reason === "UnexpectedType")
})
