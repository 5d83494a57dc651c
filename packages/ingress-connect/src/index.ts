// @mosaic/ingress-connect: the ingress plugin serving Layotto's Runtime API over gRPC, gRPC-Web and Connect.
export { IngressConfig, parseAddress, type HostPort } from "./config.ts"
export { IngressError, toConnectError } from "./errors.ts"
export { ingressPlugin, IngressKind, type IngressServer, startIngress } from "./plugin.ts"
export { copyResponseHeader, isDroppedRequestKey, requestHeaderFromHeaders, requestHeaderFromRaw } from "./metadata.ts"
export { verbName } from "./verb.ts"
export { runtimeNodeHandler, type RuntimeHandlerOptions } from "./handoff.ts"
export type { NodeHandler } from "./one-port.ts"
export { guardH2Session, type H2Timeouts } from "./h2-deadlines.ts"
