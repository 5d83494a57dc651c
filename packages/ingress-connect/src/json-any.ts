// Any payloads for JSON clients: Connect JSON cannot carry an Any without a type, so JSON calls use wrappers.
import { create, fromBinary, toBinary } from "@bufbuild/protobuf"
import { type Any, AnySchema, BytesValueSchema, StringValueSchema } from "@bufbuild/protobuf/wkt"

const STRING_VALUE = "type.googleapis.com/google.protobuf.StringValue"
const BYTES_VALUE = "type.googleapis.com/google.protobuf.BytesValue"

/** The request body is JSON (Connect `application/json`, `application/grpc+json`, `application/grpc-web+json`). */
export const isJsonContentType = (contentType: string | null): boolean =>
  contentType !== null && /^application\/(?:json|grpc(?:-web)?\+json)\b/i.test(contentType)

const typeName = (typeUrl: string) => typeUrl.slice(typeUrl.lastIndexOf("/") + 1)

/**
 * The payload bytes of a request Any. Binary clients: `Any.value` as is, `type_url` ignored (Layotto).
 * JSON clients: a StringValue or BytesValue is unwrapped to its UTF-8 text or bytes; other types keep
 * their protobuf encoding.
 */
export const requestPayload = (any: Any | undefined, json: boolean): Uint8Array => {
  if (any === undefined) return new Uint8Array(0)
  if (!json) return any.value
  try {
    switch (typeName(any.typeUrl)) {
      case "google.protobuf.StringValue":
        return new TextEncoder().encode(fromBinary(StringValueSchema, any.value).value)
      case "google.protobuf.BytesValue":
        return fromBinary(BytesValueSchema, any.value).value
    }
  } catch {
    // not a valid wrapper: forward the bytes unchanged
  }
  return any.value
}

const utf8 = new TextDecoder("utf-8", { fatal: true })

/**
 * The response Any. Binary clients: `{ type_url: "", value: data }` (Layotto). JSON clients: a
 * StringValue when the data is valid UTF-8, else a BytesValue (an Any without a type prints as `{}`).
 */
export const responseAny = (data: Uint8Array, json: boolean): Any => {
  if (!json) return create(AnySchema, { typeUrl: "", value: data })
  let text: string | undefined
  try {
    text = utf8.decode(data)
  } catch {
    text = undefined
  }
  return text === undefined
    ? create(AnySchema, { typeUrl: BYTES_VALUE, value: toBinary(BytesValueSchema, create(BytesValueSchema, { value: data })) })
    : create(AnySchema, { typeUrl: STRING_VALUE, value: toBinary(StringValueSchema, create(StringValueSchema, { value: text })) })
}
