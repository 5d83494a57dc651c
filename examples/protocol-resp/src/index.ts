// Example protocol package: Redis RESP2 as the `resp` protocol plugin.
export { RespDecoder } from "./decoder.ts"
export { encodeCommand, encodeError, encodeValue } from "./encoder.ts"
export { matchResp } from "./matcher.ts"
export { RespProtocolConfig, respProtocolPlugin } from "./plugin.ts"
export { RespProtocol } from "./resp-protocol.ts"
export { commandArgs, defaultRespLimits, RespError, type RespLimits, type RespValue } from "./value.ts"
