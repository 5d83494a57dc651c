// @mosaic/protocol: the one protocol contract (decoder, matcher, ids, heartbeats, status mapping, health probe, routing keys, filter view) and its plugin kind.
export { BaseMessage } from "./base-message.ts"
export { isProtocolDecodeError, type ProtocolDecodeError } from "./decode-error.ts"
export type { FrameHeaders, HeaderMap } from "./header-map.ts"
export { type HijackCode, hijackCodeOf, hijackCodeOfHttpStatus, timeoutHeaderMs } from "./hijack.ts"
export { ProtocolKind } from "./kind.ts"
export type { Message } from "./message.ts"
export type { Decoded, FrameDecoder, FrameKind, HealthProbe, MatchResult, Protocol, RequestView } from "./protocol.ts"
export { headerValueText, RpcHeaders } from "./rpc-headers.ts"
