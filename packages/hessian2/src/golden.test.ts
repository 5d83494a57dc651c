import { test } from "node:test"
import assert from "node:assert/strict"
import { createReader } from "./reader.ts"
import { createWriter } from "./writer.ts"
import { HessianError } from "./hessian-error.ts"
import { boltContent, dubboBody, frames, toHex } from "../testdata/bolt-dubbo.ts"

const bodies = [
  ["SOFA request, hessian 3.0 (draft)", boltContent(frames.sofaReqDraft), "draft", 2],
  ["SOFA request, hessian 4.0 (final)", boltContent(frames.sofaReqFinal), "2.0", 2],
  ["SOFA plus request (draft)", boltContent(frames.sofaPlusReq), "draft", 3],
  ["SOFA response (draft)", boltContent(frames.sofaResDraft), "draft", 1],
  ["SOFA response (final)", boltContent(frames.sofaResFinal), "2.0", 1],
  ["SOFA plus response (draft)", boltContent(frames.sofaPlusRes), "draft", 1],
  ["dubbo2.js request", dubboBody(frames.dubboReq), "auto", 7],
  ["dubbo2.js plus request", dubboBody(frames.dubboPlusReq), "auto", 8],
  ["sofa-rpc-node Dubbo request", dubboBody(frames.dubboSofaClientReq), "auto", 7],
  ["Dubbo response", dubboBody(frames.dubboRes), "auto", 2],
  ["Dubbo plus response", dubboBody(frames.dubboPlusRes), "auto", 2],
  ["Dubbo error body (status 80)", dubboBody(frames.dubboErrRes), "auto", 1]
] as const

for (const [name, body, dialect, count] of bodies) {
  test(`golden: ${name} decodes (dialect ${dialect}) and re-encodes byte for byte`, () => {
    const r = createReader(body, { withType: true })
    const values: Array<unknown> = []
    while (!r.done) values.push(r.read())
    assert.equal(values.length, count)
    assert.equal(r.dialect, dialect)
    const w = createWriter({ dialect: dialect === "draft" ? "draft" : "2.0" })
    for (const v of values) w.write(v)
    assert.equal(toHex(w.finish()), toHex(body))
  })
}

test("golden: the truncated SOFA error response decodes as draft up to the cut", () => {
  const body = boltContent(frames.sofaErrResHead)
  const r = createReader(body)
  assert.throws(() => r.read(), (e: unknown) => e instanceof HessianError && e.reason === "Truncated" && e.offset === body.length)
  // the class definition that starts it is a draft `O` of RpcServerException
  assert.equal(toHex(body.subarray(0, 3)), "4fc834")
})
