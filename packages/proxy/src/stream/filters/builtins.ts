// The built-in stream filters, ordinary `stream_filter` plugins: an app registers them (the sidecar does); a name is registered once.
import type { Plugin } from "@mosaic/kernel"
import type { StreamFilter } from "../filter.ts"
import { faultInjectPlugin, faultPlugin } from "./fault.ts"
import { headerPlugin } from "./header.ts"
import { rateLimitPlugin } from "./rate-limit.ts"
import { transmetaPlugin } from "./transmeta.ts"

export const streamFilterPlugins: ReadonlyArray<Plugin<any, StreamFilter>> = [faultPlugin, faultInjectPlugin, rateLimitPlugin, headerPlugin, transmetaPlugin]
