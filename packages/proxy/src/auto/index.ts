// The Auto listener glue (detection, listener pipeline, HTTP/2 hand-off contract), as the proxy package exports it.
export { autoFilterFields, DetectConfig, Http2Config, LimitsConfig } from "./config.ts"
export { type AutoAccept, type AutoContext, type AutoMessage, type AutoListenerDeps, makeAutoAccept } from "./auto-accept.ts"
export { Http2Handoff, type Http2HandoffShape, type Http2Target } from "./http2-handoff.ts"
export { http1Status } from "./request-gate.ts"
export { createMetaHandler } from "./meta-handler.ts"
