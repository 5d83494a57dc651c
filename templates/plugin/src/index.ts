// The package's entry: `plugins` is what `mosaic run` loads ("plugins" in the config, or --plugin).
import type { Plugin } from "@mosaic/kernel"
import { stripPrefixPlugin } from "./strip-prefix-filter.ts"
import { tenantPlugin } from "./tenant-filter.ts"

export { StripPrefixConfig, stripPrefixFilter, stripPrefixPlugin } from "./strip-prefix-filter.ts"
export { TenantConfig, tenantFilter, tenantPlugin } from "./tenant-filter.ts"

/** Every plugin in this package, registered beside the runtime's built-ins. */
export const plugins: ReadonlyArray<Plugin> = [tenantPlugin, stripPrefixPlugin]
