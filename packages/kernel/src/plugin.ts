// The plugin contract: a name, a kind, a config schema with defaults, and a scoped constructor.
import type { Effect, Schema, Scope } from "effect"

/**
 * A kind is an open token: any package can declare one. It fixes what every plugin of the kind builds
 * (`V`: an invoke filter, a channel, a running server...), how its constructor may fail (`E`) and which
 * services it may use (`R`), so building one by name (`registry.instantiate(kind, ...)`) has a precise type.
 */
export interface PluginKind<V, E = never, R = never> {
  readonly id: string
  /** Phantom: the value type plugins of this kind build. */
  readonly _V?: () => V
  /** Phantom: the errors their constructors may fail with. */
  readonly _E?: () => E
  /** Phantom: the services their constructors may use (besides their Scope). */
  readonly _R?: () => R
}

/** Declare a kind: `kind<Channel, never, Transport | PipeListeners>("channel")`. */
export const kind = <V, E = never, R = never>(id: string): PluginKind<V, E, R> => ({ id })

/** What plugins of kind `K` build. */
export type KindValue<K> = K extends PluginKind<infer V, infer _E, infer _R> ? V : never
/** What their constructors may fail with (a kind whose plugins build others lists their errors too). */
export type KindError<K> = K extends PluginKind<infer _V, infer E, infer _R> ? E : never
/** The services their constructors may use. */
export type KindServices<K> = K extends PluginKind<infer _V, infer _E, infer R> ? R : never

/** A plugin of kind `PluginKind<V, E, R>` with config `C`; `Plugin` alone is a plugin of any kind. */
export interface Plugin<C = any, V = any, E = any, R = any> {
  readonly name: string
  readonly kind: PluginKind<V, E, R>
  readonly description: string
  /** Decodes this plugin's part of the config; defaults live in the schema. */
  readonly config: Schema.Decoder<C>
  /** Builds the plugin's value from its decoded config; resources close with the scope. */
  readonly make: (config: C) => Effect.Effect<V, E, R | Scope.Scope>
}

/** Declare a plugin; the kind fixes what `make` returns, may fail with and may use. */
export const definePlugin = <C, V, E, R>(
  kind: PluginKind<V, E, R>,
  spec: {
    readonly name: string
    readonly description: string
    readonly config: Schema.Decoder<C>
    readonly make: (config: C) => Effect.Effect<NoInfer<V>, NoInfer<E>, NoInfer<R> | Scope.Scope>
  }
): Plugin<C, V, E, R> => ({ ...spec, kind })
