// @mosaic/protocol-http1: HTTP/1.1 codec over Uint8Array (streaming decoders with limits, encoders, matcher).
export { Http1Error, type Http1ErrorReason, isHttp1Error } from "./errors.ts"
export { defaultLimits, type Http1Limits } from "./limits.ts"
export type { Http1Request, Http1Response, RequestHead, ResponseHead } from "./types.ts"
export {
  flatHeaders,
  getHeader,
  getHeaders,
  hasHeader,
  hasHeaderToken,
  headerNameEquals,
  headerPairs,
  isHopByHop
} from "./headers.ts"
export {
  createRequestDecoder,
  createResponseDecoder,
  type RequestDecoder,
  type RequestDecoderOptions,
  type ResponseDecoder,
  type ResponseDecoderOptions
} from "./decoders.ts"
export { encodeRequest, encodeResponse, type EncodeOptions } from "./encoder.ts"
export { type MatchResult, matchHttp1 } from "./matcher.ts"
export { reasonPhrase } from "./status-text.ts"
