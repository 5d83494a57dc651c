// @mosaic/channel-dubbo: Layotto's dubbo channel over multiplexed connections, raw frames or generic JSON.
export { DubboChannelConfig, dubboChannelPlugin } from "./plugin.ts"
export { type DubboChannelOptions, makeDubboChannel } from "./dubbo-channel.ts"
export { type DubboCall, dubboProtocolFor, makeDubboCodec } from "./dubbo-codec.ts"
export { dubboStatusCode, dubboStatusError } from "./status.ts"
export { parseServiceId } from "./json-mode.ts"
