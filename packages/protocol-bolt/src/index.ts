// @mosaic/protocol-bolt public API: SOFA Bolt v1/v2 codec over Uint8Array.
export {
  CRC_LEN,
  CmdCode,
  CmdType,
  Codec,
  DEFAULT_MAX_FRAME_SIZE,
  DEFAULT_MAX_HEADER_SIZE,
  PROTOCOL_V1,
  PROTOCOL_V2,
  REQUEST_CLASS,
  RESPONSE_CLASS,
  SERVER_EXCEPTION_CLASS,
  SWITCH_CRC,
  V1_REQUEST_HEADER_LEN,
  V1_RESPONSE_HEADER_LEN,
  V2_REQUEST_HEADER_LEN,
  V2_RESPONSE_HEADER_LEN,
  VER1_CRC,
  hasCrc,
} from "./types.ts";
export type { BoltDecoded, BoltFrame, BoltLimits } from "./types.ts";
export { BoltError, isBoltError } from "./errors.ts";
export type { BoltErrorReason } from "./errors.ts";
export {
  BoltStatus,
  boltErrorMessage,
  boltStatusFromProxyCode,
  boltStatusName,
  boltStatusToGrpc,
  boltStatusToHttp,
} from "./status.ts";
export { crc32 } from "./crc32.ts";
export { decodeHeaderMap, encodeHeaderMap } from "./header-map.ts";
export type { HeaderInput } from "./header-map.ts";
export { decodeFrame } from "./decode-frame.ts";
export { createBoltDecoder } from "./decoder.ts";
export type { BoltDecoder } from "./decoder.ts";
export { encodeFrame, encodeRequest, encodeResponse } from "./encoder.ts";
export type { BoltFrameFields, BoltRequestInit, BoltResponseInit } from "./encoder.ts";
export {
  encodeHeartbeat,
  encodeHeartbeatAck,
  heartbeatAckFor,
  isHeartbeat,
  isHeartbeatAck,
  isHeartbeatRequest,
} from "./heartbeat.ts";
export type { HeartbeatOptions } from "./heartbeat.ts";
export { readRequestId, writeRequestId } from "./request-id.ts";
export { isHeartbeatBytes, isRequestBytes, peekCmdCode, peekCmdType } from "./peek.ts";
export { matchBolt } from "./matcher.ts";
export type { MatchResult } from "./matcher.ts";
export { buildErrorResponse } from "./hijack.ts";
export type { ErrorResponseOptions } from "./hijack.ts";
export { BoltProtocol } from "./plugin/bolt-protocol.ts";
export type { BoltProtocolOptions } from "./plugin/bolt-protocol.ts";
export { boltProtocolPlugin, boltProtocolPlugins, boltV2ProtocolPlugin, BoltProtocolConfig } from "./plugin/plugin.ts";
