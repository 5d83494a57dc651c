// @mosaic/protocol-ttheader public API: Kitex TTHeader codec over Uint8Array, plus the rest of the Thrift framing family.
export { isTTHeaderError, TTHeaderError, type TTHeaderErrorReason } from "./errors.ts"
export {
  DEFAULT_MAX_FRAME_SIZE, DEFAULT_MAX_HEADER_SIZE, DEFAULT_MAX_INFO_COUNT, InfoId, KITEX_PROTOBUF_MAGIC, ProtocolId,
  type ProtocolIdValue, THEADER_MAGIC, THRIFT_V1_MAGIC, TTHEADER_MAGIC, TTHEADER_MAX_FRAME_SIZE, TTHEADER_MAX_HEADER_SIZE,
  TTHEADER_META_SIZE, TTHeaderFlags, type TTHeaderLimits
} from "./layout.ts"
export { IntKey, type IntKeyName, intKeyName, MsgType, StrKey } from "./int-keys.ts"
export type { InfoInput, TTHeaderDecoded, TTHeaderFrame, TTHeaderFrameInit } from "./types.ts"
export { decodeFrame } from "./decode-frame.ts"
export { encodeFrame } from "./encoder.ts"
export { createTTHeaderDecoder, type TTHeaderDecoder } from "./decoder.ts"
export type { StreamDecoder } from "./stream.ts"
export {
  classifyPayload, payloadMessage, type PayloadKind, peekBinaryMessage, peekCompactMessage, type ThriftEncoding,
  type ThriftMessageHead, ThriftMessageType
} from "./thrift-message.ts"
export { readMessageSeqId, readSeqId, writeMessageSeqId, writeSeqId } from "./seq-id.ts"
export { type RoutingKeys, routingKeys } from "./routing.ts"
export {
  createFramedThriftDecoder, decodeFramedThrift, type FramedThriftDecoded, type FramedThriftDecoder
} from "./framed-thrift.ts"
export {
  type BufferedThriftDecoded, type BufferedThriftDecoder, createBufferedThriftDecoder, MAX_THRIFT_DEPTH
} from "./buffered-thrift.ts"
export {
  createTHeaderDecoder, decodeTHeader, type THeaderDecoded, type THeaderDecoder, type THeaderFrame, THeaderProtocolId
} from "./theader.ts"
export { encodeTHeader, type THeaderFrameInit } from "./theader-encode.ts"
export { createKitexDecoder, type KitexDecoded, type KitexDecoder } from "./kitex-decoder.ts"
export {
  matchBufferedThrift, matchFramedCompact, matchFramedThrift, matchKitex, matchKitexProtobuf, type MatchResult, matchTHeader, matchTTHeader,
  matchTTHeaderStreaming
} from "./matcher.ts"
export { TTHeaderProtocol, thriftException } from "./plugin/ttheader-protocol.ts"
export { ttheaderProtocolPlugin, TTHeaderProtocolConfig } from "./plugin/plugin.ts"
