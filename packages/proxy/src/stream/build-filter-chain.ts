// Resolve `stream_filters: [{ type, config }]` to a filter chain: plugins from the registry, else the built-ins.
import { Effect } from "effect"
import { type ConfigError, joinPath, makeRegistry, type Plugin, type RegistryShape } from "@mosaic/kernel"
import { type StreamFilter, StreamFilterKind } from "./filter.ts"
import { StreamFilterChain } from "./filter-chain.ts"
import { builtinStreamFilters } from "./filters/builtins.ts"

export interface StreamFilterRef {
  readonly type: string
  readonly config?: unknown
}

/**
 * Build each filter (decoding its config at `path[i].config`) in the current scope. Names resolve
 * among the registry's `stream_filter` plugins first, then the built-in ones; an unknown name is a
 * ConfigError at `path[i].type`. No filters: undefined (the stream skips the filter phases).
 */
export const buildStreamFilterChain = (
  refs: ReadonlyArray<StreamFilterRef>,
  path: string,
  registry: RegistryShape | undefined,
  log?: (message: string) => void
): Effect.Effect<StreamFilterChain | undefined, ConfigError, any> =>
  Effect.gen(function*() {
    if (refs.length === 0) return undefined
    const own = (registry?.plugins ?? []).filter((p) => p.kind.id === StreamFilterKind.id)
    const names = new Set(own.map((p) => p.name))
    const merged: Array<Plugin<any, any, any>> = [...own, ...builtinStreamFilters.filter((p) => !names.has(p.name))]
    const lookup = yield* Effect.orDie(makeRegistry(merged))
    const filters: Array<StreamFilter> = []
    for (const [i, ref] of refs.entries()) {
      const built = lookup.instantiate(StreamFilterKind, { type: ref.type, config: ref.config }, joinPath(path, i))
      filters.push(yield* (built as Effect.Effect<StreamFilter, ConfigError, any>))
    }
    return new StreamFilterChain(filters, log)
  })
