// Example protocol package: Redis RESP2 as the `resp` protocol plugin; `plugins` is what `mosaic run` loads.
import type { Plugin } from "@mosaic/kernel"
import { respProtocolPlugin } from "./plugin.ts"

export { RespDecoder } from "./decoder.ts"
export { encodeCommand, encodeError, encodeValue } from "./encoder.ts"
export { matchResp } from "./matcher.ts"
export { RespProtocolConfig, respProtocolPlugin } from "./plugin.ts"
export { RespProtocol } from "./resp-protocol.ts"
export { commandArgs, defaultRespLimits, RespError, type RespLimits, type RespValue } from "./value.ts"

/** The package's plugins ("plugins" in a config, or --plugin): the `resp` protocol. */
export const plugins: ReadonlyArray<Plugin> = [respProtocolPlugin]
