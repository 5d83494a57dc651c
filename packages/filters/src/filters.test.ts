import { test } from "node:test"
import assert from "node:assert/strict"
import { Effect, Schema } from "effect"
import type { RpcRequest } from "@mosaic/rpc"
import { dubboJsonRpc } from "./dubbo-json-rpc.ts"
import { headerAfterPlugin, headerBeforePlugin, HeaderTransformConfig, headerTransform } from "./header-transform.ts"

const request = (header: Record<string, string>): RpcRequest => ({
  id: "org.apache.dubbo.samples.UserProvider", method: "GetUser", contentType: "", header,
  data: new Uint8Array(0), timeoutMs: 3000, deadline: Date.now() + 3000, signal: new AbortController().signal
})

test("dubbo_json_rpc sets the dubbo-go jsonrpc headers and posts to /<interface>", () => {
  const r = dubboJsonRpc(request({ verb: "POST", "content-type": "application/grpc" }))
  assert.equal(r.method, "org.apache.dubbo.samples.UserProvider")
  assert.equal(r.header["x-services"], "org.apache.dubbo.samples.UserProvider")
  assert.equal(r.header["x-method"], "GetUser")
  assert.equal(r.header["content-type"], "application/json")
  assert.equal(r.header["accept"], "application/json")
  assert.equal(r.header["verb"], "POST")
})

test("header transform renames, then removes, then adds (case-insensitive keys)", () => {
  const apply = headerTransform(Schema.decodeUnknownSync(HeaderTransformConfig)({
    rename: { "X-Old": "x-new" }, remove: ["Secret"], add: { "X-Added": "1", keep: "over" }
  }))
  const h: Record<string, string> = { "x-old": "v", secret: "s", keep: "k", other: "o" }
  apply(h)
  assert.deepEqual(h, { "x-new": "v", keep: "over", other: "o", "x-added": "1" })
})

test("the header plugins apply at before_invoke and after_invoke", async () => {
  const before = await Effect.runPromise(Effect.scoped(headerBeforePlugin.make(Schema.decodeUnknownSync(HeaderTransformConfig)({ add: { a: "1" } }))))
  assert.equal((await before(request({}))).header.a, "1")
  const after = await Effect.runPromise(Effect.scoped(headerAfterPlugin.make(Schema.decodeUnknownSync(HeaderTransformConfig)({ remove: ["server"] }))))
  const res = await after({ header: { server: "x", ok: "y" }, contentType: "", data: new Uint8Array(0) }, request({}))
  assert.deepEqual(res.header, { ok: "y" })
})
