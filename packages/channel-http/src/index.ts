// @mosaic/channel-http: Layotto's http channel with a real pool, deadlines and Dapr-style status mapping.
export { httpChannelPlugin, HttpChannelConfig } from "./plugin.ts"
export { makeHttpChannel, type HttpChannelOptions } from "./http-channel.ts"
export { buildHttpRequest } from "./build-request.ts"
export { Pool, type Poolable, type PoolOptions } from "./pool.ts"
