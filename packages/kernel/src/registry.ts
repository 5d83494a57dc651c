// The explicit plugin registry: apps register plugins by hand; duplicates and unknown names are errors.
import { Context, Effect, Layer, Schema, type Scope } from "effect"
import type { Plugin, PluginKind } from "./plugin.ts"
import { ConfigError, RegistryError } from "./errors.ts"
import { decodeConfig, joinPath } from "./config.ts"

/** A plugin reference in config: Layotto/MOSN's `{ "type": ..., "config": ... }` (or `name`, or a channel's `protocol`). */
export const PluginRef = Schema.Struct({
  type: Schema.optionalKey(Schema.String),
  name: Schema.optionalKey(Schema.String),
  protocol: Schema.optionalKey(Schema.String),
  config: Schema.optionalKey(Schema.Unknown)
})
export type PluginRef = typeof PluginRef.Type

export interface RegistryShape {
  readonly plugins: ReadonlyArray<Plugin<any, any, any>>
  readonly get: <V>(kind: PluginKind<V>, name: string) => Effect.Effect<Plugin<unknown, V, any>, RegistryError>
  readonly names: (kind: PluginKind<any>) => ReadonlyArray<string>
  /**
   * Resolve `ref` found at `path`, decode its config, build the value in the current scope.
   * The config sits at `path.config` unless `configPath` says otherwise (e.g. inlined fields).
   * ConfigErrors raised while building carry paths relative to the plugin's config; they are
   * reported under `configPath`, so every error names its full JSON path.
   */
  readonly instantiate: <V>(
    kind: PluginKind<V>,
    ref: PluginRef,
    path: string,
    options?: { readonly configPath?: string }
  ) => Effect.Effect<V, RegistryError | ConfigError | unknown, any>
}

const key = (kind: string, name: string) => `${kind}\u0000${name}`

/** Build a registry from an explicit list; the first duplicate (same kind and name) is an error. */
export const makeRegistry = (plugins: ReadonlyArray<Plugin<any, any, any>>): Effect.Effect<RegistryShape, RegistryError> =>
  Effect.suspend(() => {
    const byKey = new Map<string, Plugin<any, any, any>>()
    for (const p of plugins) {
      const k = key(p.kind.id, p.name)
      if (byKey.has(k)) {
        return Effect.fail(new RegistryError({ reason: "DuplicatePlugin", kind: p.kind.id, name: p.name, message: `plugin "${p.name}" of kind "${p.kind.id}" is registered twice` }))
      }
      byKey.set(k, p)
    }
    const names = (kind: PluginKind<any>) => plugins.filter((p) => p.kind.id === kind.id).map((p) => p.name)
    const get = <V>(kind: PluginKind<V>, name: string): Effect.Effect<Plugin<unknown, V, any>, RegistryError> => {
      const p = byKey.get(key(kind.id, name))
      return p === undefined
        ? Effect.fail(new RegistryError({ reason: "UnknownPlugin", kind: kind.id, name, message: `unknown ${kind.id} plugin "${name}" (registered: ${names(kind).join(", ") || "none"})` }))
        : Effect.succeed(p as Plugin<unknown, V, any>)
    }
    const instantiate = <V>(kind: PluginKind<V>, ref: PluginRef, path: string, options?: { readonly configPath?: string }) =>
      Effect.gen(function*() {
        const field = ref.type !== undefined ? "type" : ref.name !== undefined ? "name" : ref.protocol !== undefined ? "protocol" : undefined
        if (field === undefined) return yield* ConfigError.at(joinPath(path, "type"), `a ${kind.id} plugin name`)
        const name = ref[field]!
        const plugin = yield* get(kind, name).pipe(Effect.mapError((e) => ConfigError.at(joinPath(path, field), e.message)))
        const configPath = options?.configPath ?? joinPath(path, "config")
        const config = yield* decodeConfig(plugin.config, ref.config ?? {}, configPath)
        return yield* plugin.make(config).pipe(Effect.mapError((e) => e instanceof ConfigError ? e.under(configPath) : e))
      }) as Effect.Effect<V, RegistryError | ConfigError | unknown, Scope.Scope>
    return Effect.succeed({ plugins, get, names, instantiate })
  })

export class Registry extends Context.Service<Registry, RegistryShape>()("@mosaic/kernel/Registry") {
  static readonly layer = (plugins: ReadonlyArray<Plugin<any, any, any>>): Layer.Layer<Registry, RegistryError> =>
    Layer.effect(Registry, makeRegistry(plugins))
}
