// @mosaic/invoker: the invoker plugin (Layotto's "mosn" invoker, with Mosaic's fixes).
export { InvokerConfig, ChannelEntry, FilterRef } from "./config.ts"
export { makeInvoker, type InvokerParts } from "./invoker.ts"
export { buildInvoker, InvokerKind, invokerPlugin } from "./plugin.ts"
export { effectiveDeadline, requestTimeoutMs } from "./deadline.ts"
