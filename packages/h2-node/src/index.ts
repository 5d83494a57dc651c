// @mosaic/h2-node: HTTP/2 (node:http2) for the proxy's Auto listeners: Runtime API hand-off and h2 proxying.
export { createHttp2Handoff, type H2Handler, type Http2HandoffOptions, http2HandoffLayer } from "./handoff.ts"
