// Wire checks: field numbers, enum values and names match Layotto's spec.proto.runtime.v1 exactly.
import { test } from "node:test"
import assert from "node:assert/strict"
import { existsSync } from "node:fs"
import { join } from "node:path"
import { create, fromBinary, toBinary } from "@bufbuild/protobuf"
import { AnySchema } from "@bufbuild/protobuf/wkt"
import {
  CommonInvokeRequestSchema, HTTPExtension_Verb, HTTPExtensionSchema, InvokeResponseSchema, InvokeServiceRequestSchema,
  protoDir, Runtime, runtimeJsonRegistry, runtimeProtoPath, SayHelloRequestSchema, SayHelloResponseSchema,
  TopicEventRequestSchema
} from "./index.ts"

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("")
const fields = (schema: { fields: ReadonlyArray<{ name: string; number: number }> }) =>
  Object.fromEntries(schema.fields.map((f) => [f.name, f.number]))

test("service and method names give Layotto's paths", () => {
  assert.equal(Runtime.typeName, "spec.proto.runtime.v1.Runtime")
  assert.equal(Runtime.method.invokeService.name, "InvokeService")
  assert.equal(Runtime.method.invokeService.input.typeName, "spec.proto.runtime.v1.InvokeServiceRequest")
  assert.equal(Runtime.method.invokeService.output.typeName, "spec.proto.runtime.v1.InvokeResponse")
  assert.equal(Runtime.method.sayHello.name, "SayHello")
  assert.equal(Runtime.method.invokeService.methodKind, "unary")
})

test("field numbers", () => {
  assert.deepEqual(fields(InvokeServiceRequestSchema), { id: 1, message: 3 })
  assert.deepEqual(fields(CommonInvokeRequestSchema), { method: 1, data: 2, content_type: 3, http_extension: 4 })
  assert.deepEqual(fields(HTTPExtensionSchema), { verb: 1, querystring: 2 })
  assert.deepEqual(fields(InvokeResponseSchema), { data: 1, content_type: 2 })
  assert.deepEqual(fields(SayHelloRequestSchema), { service_name: 1, name: 2, data: 3 })
  assert.deepEqual(fields(SayHelloResponseSchema), { hello: 1, data: 2 })
  assert.equal(fields(TopicEventRequestSchema)["metadata"], 10)
})

test("Verb: NONE..PATCH = 0..9", () => {
  const names = ["NONE", "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]
  names.forEach((n, i) => assert.equal((HTTPExtension_Verb as unknown as Record<string, number>)[n], i))
})

test("encoded bytes of an InvokeServiceRequest and an InvokeResponse", () => {
  const req = create(InvokeServiceRequestSchema, {
    id: "x",
    message: { method: "m", data: create(AnySchema, { value: new Uint8Array([1]) }), contentType: "t", httpExtension: { verb: HTTPExtension_Verb.PATCH, querystring: "q" } }
  })
  // 0a 01 'x' | 1a len { 0a 01 'm' | 12 03 { 12 01 01 } | 1a 01 't' | 22 05 { 08 09 12 01 'q' } }
  assert.equal(hex(toBinary(InvokeServiceRequestSchema, req)), "0a01781a120a016d1203120101 1a0174220508091201 71".replaceAll(" ", ""))
  const res = create(InvokeResponseSchema, { data: create(AnySchema, { value: new Uint8Array([7]) }), contentType: "c" })
  assert.equal(hex(toBinary(InvokeResponseSchema, res)), "0a031201071201 63".replaceAll(" ", ""))
  assert.equal(fromBinary(InvokeResponseSchema, toBinary(InvokeResponseSchema, res)).data?.typeUrl, "")
})

test("the JSON registry knows the wrappers and the runtime messages", () => {
  for (const name of ["google.protobuf.StringValue", "google.protobuf.BytesValue", "google.protobuf.Struct", "spec.proto.runtime.v1.InvokeResponse"]) {
    assert.ok(runtimeJsonRegistry.getMessage(name) !== undefined, name)
  }
})

test("the .proto sources are where protoDir says", () => {
  assert.ok(existsSync(join(protoDir, runtimeProtoPath)))
})
