// @mosaic/channel-mux: multiplexed connection pools for request/response protocols with request ids.
export type { MuxCodec } from "./codec.ts"
export { abortError, type HeartbeatOptions, MuxConnection } from "./mux-connection.ts"
export { MuxPool, type MuxPoolOptions, type MuxPoolStats, type MuxStrategy } from "./mux-pool.ts"
export { type DialerOptions, makeDialer } from "./dialer.ts"
export { type Closable, MuxTargets } from "./mux-targets.ts"
export { heartbeatOptions, type MuxConfig, muxConfigFields, type MuxDefaults } from "./config.ts"
export { type GenericInvoke, hessianType, isJsonContentType, isTypedJson, javaToJson, parseGenericInvoke, type TypedJson } from "./generic-json.ts"
export { registeredProtocol } from "./registered-protocol.ts"
