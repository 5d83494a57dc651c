// Unit tests: Any payloads for JSON and binary clients.
import { test } from "node:test"
import assert from "node:assert/strict"
import { create, fromBinary, toBinary } from "@bufbuild/protobuf"
import { AnySchema, BytesValueSchema, StringValueSchema } from "@bufbuild/protobuf/wkt"
import { isJsonContentType, requestPayload, responseAny } from "./json-any.ts"

const sv = (s: string) => create(AnySchema, {
  typeUrl: "type.googleapis.com/google.protobuf.StringValue",
  value: toBinary(StringValueSchema, create(StringValueSchema, { value: s }))
})

test("JSON content types", () => {
  for (const ct of ["application/json", "application/json; charset=utf-8", "application/grpc+json", "application/grpc-web+json"]) assert.ok(isJsonContentType(ct), ct)
  for (const ct of [null, "application/proto", "application/grpc", "application/grpc+proto", "application/grpc-web"]) assert.ok(!isJsonContentType(ct), String(ct))
})

test("request payload: binary clients get Any.value as is; JSON clients get wrappers unwrapped", () => {
  assert.deepEqual(requestPayload(sv("hi"), false), sv("hi").value)
  assert.equal(new TextDecoder().decode(requestPayload(sv("hi"), true)), "hi")
  const bv = create(AnySchema, { typeUrl: "x/google.protobuf.BytesValue", value: toBinary(BytesValueSchema, create(BytesValueSchema, { value: new Uint8Array([1, 2]) })) })
  assert.deepEqual([...requestPayload(bv, true)], [1, 2])
  const broken = create(AnySchema, { typeUrl: "x/google.protobuf.StringValue", value: new Uint8Array([0xff]) })
  assert.deepEqual([...requestPayload(broken, true)], [0xff])
  assert.equal(requestPayload(undefined, true).length, 0)
})

test("response Any: untyped for binary clients, StringValue or BytesValue for JSON clients", () => {
  const data = new TextEncoder().encode("ok")
  assert.deepEqual(responseAny(data, false), create(AnySchema, { typeUrl: "", value: data }))
  const text = responseAny(data, true)
  assert.equal(text.typeUrl, "type.googleapis.com/google.protobuf.StringValue")
  assert.equal(fromBinary(StringValueSchema, text.value).value, "ok")
  const bin = responseAny(new Uint8Array([0xff, 0x00]), true)
  assert.equal(bin.typeUrl, "type.googleapis.com/google.protobuf.BytesValue")
  assert.deepEqual([...fromBinary(BytesValueSchema, bin.value).value], [0xff, 0x00])
})
