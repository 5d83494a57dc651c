// @mosaic/protocol-dubbo public API: Dubbo 2 codec over Uint8Array (bodies kept as bytes).
export {
  DEFAULT_MAX_BODY_SIZE,
  FLAG_EVENT,
  FLAG_REQUEST,
  FLAG_TWOWAY,
  HEADER_LENGTH,
  HESSIAN_NULL,
  MAGIC_HIGH,
  MAGIC_LOW,
  SERIALIZATION_MASK,
  Serialization,
} from "./types.ts";
export type { DubboDecoded, DubboFrame, DubboLimits } from "./types.ts";
export { DubboError, isDubboError } from "./errors.ts";
export type { DubboErrorReason } from "./errors.ts";
export { DubboStatus, dubboErrorMessage, dubboStatusFromProxyCode, dubboStatusName, dubboStatusToGrpc } from "./status.ts";
export { decodeFrame } from "./decode-frame.ts";
export { createDubboDecoder } from "./decoder.ts";
export type { DubboDecoder } from "./decoder.ts";
export { encodeFrame, encodeRequest, encodeResponse } from "./encoder.ts";
export type { DubboFrameFields, DubboRequestInit, DubboResponseInit } from "./encoder.ts";
export { encodeHeartbeat, encodeHeartbeatReply, isHeartbeat, isHeartbeatRequest } from "./heartbeat.ts";
export { encodeHessianString } from "./hessian-string.ts";
export { buildErrorResponse } from "./error-response.ts";
export { readRequestId, readRequestIdBig, writeRequestId, writeRequestIdBig } from "./request-id.ts";
export { isEventBytes, isRequestBytes, isTwoWayBytes, peekFlag, peekSerializationId } from "./peek.ts";
export { matchDubbo } from "./matcher.ts";
export type { MatchResult } from "./matcher.ts";
export { DubboProtocol } from "./plugin/dubbo-protocol.ts";
export { dubboProtocolPlugin, DubboProtocolConfig } from "./plugin/plugin.ts";
