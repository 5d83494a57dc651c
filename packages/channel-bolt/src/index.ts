// @mosaic/channel-bolt: Layotto's bolt/boltv2 channels over multiplexed connections, raw or generic JSON.
export { BoltChannelConfig, boltChannelPlugin, BoltExt, BoltV2ChannelConfig, boltV2ChannelPlugin } from "./plugin.ts"
export { type BoltChannelOptions, makeBoltChannel } from "./bolt-channel.ts"
export { type BoltCall, type BoltCodecOptions, boltProtocolFor, makeBoltCodec } from "./bolt-codec.ts"
