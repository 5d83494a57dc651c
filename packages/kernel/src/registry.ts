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
  readonly plugins: ReadonlyArray<Plugin>
  readonly get: <V, E, R>(kind: PluginKind<V, E, R>, name: string) => Effect.Effect<Plugin<unknown, V, E, R>, RegistryError>
  readonly names: (kind: PluginKind<unknown, unknown, unknown>) => ReadonlyArray<string>
  /**
   * Resolve `ref` found at `path`, decode its config, build the value in the current scope: a value of
   * the kind's type, failing with the kind's errors or a ConfigError, using the kind's services.
   * The config sits at `path.config` unless `configPath` says otherwise (e.g. inlined fields).
   * ConfigErrors raised while building carry paths relative to the plugin's config; they are
   * reported under `configPath`, so every error names its full JSON path.
   */
  readonly instantiate: <V, E, R>(
    kind: PluginKind<V, E, R>,
    ref: PluginRef,
    path: string,
    options?: { readonly configPath?: string }
  ) => Effect.Effect<V, E | ConfigError, R | Scope.Scope>
}

const key = (kind: string, name: string) => `${kind}\u0000${name}`

/** Build a registry from an explicit list; the first duplicate (same kind and name) is an error. */
export const makeRegistry = (plugins: ReadonlyArray<Plugin>): Effect.Effect<RegistryShape, RegistryError> =>
  Effect.suspend(() => {
    const byKey = new Map<string, Plugin>()
    for (const p of plugins) {
      const k = key(p.kind.id, p.name)
      if (byKey.has(k)) {
        return Effect.fail(new RegistryError({ reason: "DuplicatePlugin", kind: p.kind.id, name: p.name, message: `plugin "${p.name}" of kind "${p.kind.id}" is registered twice` }))
      }
      byKey.set(k, p)
    }
    const names = (kind: PluginKind<unknown, unknown, unknown>) => plugins.filter((p) => p.kind.id === kind.id).map((p) => p.name)
    const get = <V, E, R>(kind: PluginKind<V, E, R>, name: string): Effect.Effect<Plugin<unknown, V, E, R>, RegistryError> => {
      // every plugin under this kind's id was declared with `definePlugin(kind, ...)`: its types are the kind's
      const p: Plugin<unknown, V, E, R> | undefined = byKey.get(key(kind.id, name))
      return p === undefined
        ? Effect.fail(new RegistryError({ reason: "UnknownPlugin", kind: kind.id, name, message: `unknown ${kind.id} plugin "${name}" (registered: ${names(kind).join(", ") || "none"})` }))
        : Effect.succeed(p)
    }
    const instantiate = <V, E, R>(
      kind: PluginKind<V, E, R>,
      ref: PluginRef,
      path: string,
      options?: { readonly configPath?: string }
    ): Effect.Effect<V, E | ConfigError, R | Scope.Scope> =>
      Effect.gen(function*() {
        const field = ref.type !== undefined ? "type" : ref.name !== undefined ? "name" : ref.protocol !== undefined ? "protocol" : undefined
        if (field === undefined) return yield* ConfigError.at(joinPath(path, "type"), `a ${kind.id} plugin name`)
        const name = ref[field]!
        const plugin = yield* get(kind, name).pipe(Effect.mapError((e) => ConfigError.at(joinPath(path, field), e.message)))
        const configPath = options?.configPath ?? joinPath(path, "config")
        const config = yield* decodeConfig(plugin.config, ref.config ?? {}, configPath)
        return yield* plugin.make(config).pipe(Effect.mapError((e) => e instanceof ConfigError ? e.under(configPath) : e))
      })
    return Effect.succeed({ plugins, get, names, instantiate })
  })

export class Registry extends Context.Service<Registry, RegistryShape>()("@mosaic/kernel/Registry") {
  static readonly layer = (plugins: ReadonlyArray<Plugin>): Layer.Layer<Registry, RegistryError> =>
    Layer.effect(Registry, makeRegistry(plugins))
}
