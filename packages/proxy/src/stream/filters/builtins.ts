// The built-in stream filters, always resolvable by name (a registered plugin of the same name wins).
import type { Plugin } from "@mosaic/kernel"
import { faultInjectPlugin, faultPlugin } from "./fault.ts"
import { headerPlugin } from "./header.ts"
import { rateLimitPlugin } from "./rate-limit.ts"
import { transmetaPlugin } from "./transmeta.ts"

export const builtinStreamFilters: ReadonlyArray<Plugin<any, any, any>> = [faultPlugin, faultInjectPlugin, rateLimitPlugin, headerPlugin, transmetaPlugin]
