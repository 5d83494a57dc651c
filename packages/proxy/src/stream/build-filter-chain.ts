// Resolve `stream_filters: [{ type, config }]` to a filter chain: each name is a `stream_filter` plugin of the one registry.
import { Effect } from "effect"
import { type ConfigError, joinPath, type RegistryShape } from "@mosaic/kernel"
import { type StreamFilter, StreamFilterKind } from "./filter.ts"
import { StreamFilterChain } from "./filter-chain.ts"

export interface StreamFilterRef {
  readonly type: string
  readonly config?: unknown
}

/**
 * Build each filter (decoding its config at `path[i].config`) in the current scope. Names resolve among the
 * registry's `stream_filter` plugins only (the built-ins are plugins like any other; a name is registered
 * once); an unknown name is a ConfigError at `path[i].type`. No filters: undefined (the stream skips the
 * filter phases).
 */
export const buildStreamFilterChain = (
  refs: ReadonlyArray<StreamFilterRef>,
  path: string,
  registry: RegistryShape,
  log?: (message: string) => void
): Effect.Effect<StreamFilterChain | undefined, ConfigError, any> =>
  Effect.gen(function*() {
    if (refs.length === 0) return undefined
    const filters: Array<StreamFilter> = []
    for (const [i, ref] of refs.entries()) {
      filters.push(yield* registry.instantiate(StreamFilterKind, { type: ref.type, config: ref.config }, joinPath(path, i)))
    }
    return new StreamFilterChain(filters, log)
  })
