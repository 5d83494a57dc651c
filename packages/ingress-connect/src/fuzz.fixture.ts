// Test fixture (not shipped): fuzz targets for the ingress's message path (gRPC envelopes + protobuf InvokeServiceRequest; Connect JSON), for fuzz.test.ts and `npm run fuzz`.
import { create, equals, fromBinary, fromJsonString, toBinary, toJsonString } from "@bufbuild/protobuf"
import { AnySchema, StringValueSchema } from "@bufbuild/protobuf/wkt"
import { ConnectError } from "@connectrpc/connect"
import { encodeEnvelope, transformSplitEnvelope } from "@connectrpc/connect/protocol"
import { fuzzCheck, fuzzInput, randomChunks, toHex, utf8 } from "@mosaic/bytes/testing"
import type { FuzzOutcome, FuzzTarget, InputShape } from "@mosaic/bytes/testing"
import { type InvokeServiceRequest, InvokeServiceRequestSchema, runtimeJsonRegistry } from "@mosaic/proto"
import { requestPayload } from "./json-any.ts"

const READ_MAX = 4096

/**
 * An error protobuf-es (or JSON.parse) raises on bad input on purpose: Error, its FieldError, SyntaxError,
 * the RangeError "premature EOF" and the fatal TextDecoder's TypeError for a string field that is not
 * UTF-8 (proto3 requires it). Any other TypeError, ReferenceError or RangeError (stack overflow,
 * out-of-bounds) is a bug.
 */
export const isLibraryError = (e: unknown): boolean =>
  e instanceof Error && !(e instanceof ReferenceError) && !(e instanceof RangeError && e.message !== "premature EOF") &&
  !(e instanceof TypeError && !/encoded data (was|is) not valid/i.test(e.message))

const requests = (): Array<InvokeServiceRequest> => [
  create(InvokeServiceRequestSchema, {
    id: "echo-app",
    message: {
      method: "echo", contentType: "text/plain",
      data: create(AnySchema, { typeUrl: "type.googleapis.com/google.protobuf.StringValue", value: toBinary(StringValueSchema, create(StringValueSchema, { value: "hi" })) }),
      httpExtension: { verb: 2, querystring: "a=1&b=2" }
    }
  }),
  create(InvokeServiceRequestSchema, { id: "x", message: { method: "m", data: create(AnySchema, { typeUrl: "", value: Uint8Array.of(0, 1, 2, 0xff) }) } }),
  create(InvokeServiceRequestSchema, {})
]

const JSON_BODIES = [
  `{"id":"echo-app","message":{"method":"echo","data":{"@type":"type.googleapis.com/google.protobuf.StringValue","value":"hi"},"contentType":"text/plain","httpExtension":{"verb":"POST","querystring":"a=1"}}}`,
  `{"id":"a","message":{"method":"m","data":{"@type":"type.googleapis.com/google.protobuf.Struct","value":{"a":[1,{"b":null}],"c":"x","d":true}}}}`,
  `{"id":"a","message":{"data":{"@type":"type.googleapis.com/google.protobuf.BytesValue","value":"AAEC/w=="}}}`,
  `{"message":{"data":{"@type":"type.googleapis.com/google.protobuf.Int64Value","value":"-9223372036854775808"},"http_extension":{"verb":7}}}`,
  `{"message":{"data":{"@type":"type.googleapis.com/google.protobuf.Timestamp","value":"2024-01-01T00:00:00.123Z"}}}`,
  `{"message":{"data":{"@type":"type.googleapis.com/google.protobuf.Duration","value":"-1.500s"}}}`,
  `{"message":{"data":{"@type":"type.googleapis.com/google.protobuf.Value","value":[[[[{"k":[1.5e300]}]]]]}}}`,
  `{"id":"\\u00e9\\ud83d\\ude00","message":{"data":{"@type":"type.googleapis.com/google.protobuf.Empty","value":{}}}}`,
  `{}`
].map(utf8)

const JSON_SHAPE: InputShape = {
  headerSpan: 40,
  dictionary: [
    "[", "]", "{", "}", ",", ":", "\"", "\\u0000", "\\ud800", "null", "-0", "1e400", "\"9223372036854775808\"", "\"@type\":",
    "\"type.googleapis.com/google.protobuf.Value\"", "\"type.googleapis.com/google.protobuf.Any\"", "\"type.googleapis.com/spec.proto.runtime.v1.InvokeServiceRequest\"",
    "[[[[[[[[[[[[[[[[", "{\"a\":{\"a\":{\"a\":{\"a\":", "\"value\":", "\"NaN\"", "\"Infinity\""
  ].map(utf8)
}

const GRPC_SHAPE: InputShape = {
  smashLength: (b, int) => {
    const at = 1 + int(4)
    if (at < b.length) b[at] = [0, 0xff, 0x7f, 0x80, 1, int(256)][int(6)]!
  },
  headerSpan: 16,
  dictionary: [[0, 0, 0, 0, 0], [1, 0, 0, 0, 1], [0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f], [0x12, 0x80, 0x01], [0x0b], [0x0c], [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]]
    .map((a) => Uint8Array.from(a))
}

/** Binary round trip: what fromBinary gave encodes and decodes to an equal message (unknown fields kept). */
const binaryRoundTrip = (m: InvokeServiceRequest): void => {
  const again = fromBinary(InvokeServiceRequestSchema, toBinary(InvokeServiceRequestSchema, m))
  fuzzCheck(equals(InvokeServiceRequestSchema, m, again), "binary re-encoding changed the message")
}

/** What the handler does with the message next (Any unwrapping) must not throw either. */
const handlerPath = (m: InvokeServiceRequest, json: boolean): void => void requestPayload(m.message?.data, json)

const splitEnvelopes = async (chunks: ReadonlyArray<Uint8Array>): Promise<Array<{ flags: number; data: Uint8Array }> | ConnectError> => {
  const out: Array<{ flags: number; data: Uint8Array }> = []
  try {
    for await (const env of transformSplitEnvelope(READ_MAX)((async function* () { yield* chunks })())) out.push({ flags: env.flags, data: env.data.slice() })
  } catch (e) {
    if (e instanceof ConnectError) return e
    throw e
  }
  return out
}

const showSplit = (s: Array<{ flags: number; data: Uint8Array }> | ConnectError): string =>
  s instanceof ConnectError ? `error ${s.code}` : s.map((e) => `${e.flags}:${toHex(e.data)}`).join(",")

/** gRPC (binary): the envelope splitter, whole and in random chunks, then fromBinary of each uncompressed message. */
export const ingressGrpcFuzzTarget = (): FuzzTarget => {
  const corpus = requests().map((r) => encodeEnvelope(0, toBinary(InvokeServiceRequestSchema, r)))
  return {
    name: "ingress-grpc",
    generate: (rnd) => fuzzInput(corpus, rnd, GRPC_SHAPE),
    async check(input, rnd): Promise<FuzzOutcome> {
      const whole = await splitEnvelopes([input])
      const split = await splitEnvelopes(randomChunks(input, rnd))
      fuzzCheck(showSplit(whole) === showSplit(split), () => `split ${showSplit(split)} != whole ${showSplit(whole)}`)
      if (whole instanceof ConnectError) return "rejected"
      let outcome: FuzzOutcome = "accepted"
      for (const env of whole) {
        fuzzCheck(env.data.length <= READ_MAX, () => `envelope of ${env.data.length} bytes`)
        if ((env.flags & 1) !== 0) continue // compressed: refused before parsing (no compression configured)
        let m: InvokeServiceRequest
        try {
          m = fromBinary(InvokeServiceRequestSchema, env.data)
        } catch (e) {
          if (!isLibraryError(e)) throw e
          outcome = "rejected"
          continue
        }
        binaryRoundTrip(m)
        handlerPath(m, false)
      }
      return outcome
    }
  }
}

/** Connect unary JSON (application/json): fromJsonString with the ingress's registry; parsed messages round-trip through JSON and binary. */
export const ingressJsonFuzzTarget = (): FuzzTarget => ({
  name: "ingress-json",
  generate: (rnd) => fuzzInput(JSON_BODIES, rnd, JSON_SHAPE),
  check(input, rnd) {
    let m: InvokeServiceRequest
    try {
      m = fromJsonString(InvokeServiceRequestSchema, new TextDecoder().decode(input), { registry: runtimeJsonRegistry, ignoreUnknownFields: rnd() < 0.5 })
    } catch (e) {
      if (isLibraryError(e)) return "rejected"
      throw e
    }
    binaryRoundTrip(m)
    handlerPath(m, true)
    let text: string
    try {
      text = toJsonString(InvokeServiceRequestSchema, m, { registry: runtimeJsonRegistry })
    } catch (e) {
      if (isLibraryError(e)) return "accepted" // e.g. an Any whose bytes are not its type: protobuf-es refuses to print it
      throw e
    }
    const again = fromJsonString(InvokeServiceRequestSchema, text, { registry: runtimeJsonRegistry })
    fuzzCheck(equals(InvokeServiceRequestSchema, m, again), () => `JSON re-encoding changed the message: ${text}`)
    return "accepted"
  }
})
