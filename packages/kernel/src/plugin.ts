// The plugin contract: a name, a kind, a config schema with defaults, and a scoped constructor.
import type { Effect, Schema, Scope } from "effect"

/**
 * A kind is an open token: any package can declare one. `V` is what a plugin of this kind builds
 * (an invoke filter, a channel, a running server...).
 */
export interface PluginKind<V> {
  readonly id: string
  /** Phantom: the value type plugins of this kind build. */
  readonly _V?: (v: V) => V
}

export const kind = <V>(id: string): PluginKind<V> => ({ id })

export interface Plugin<C = any, V = any, R = never> {
  readonly name: string
  readonly kind: PluginKind<V>
  readonly description: string
  /** Decodes this plugin's part of the config; defaults live in the schema. */
  readonly config: Schema.Decoder<C>
  /** Builds the plugin's value from its decoded config; resources close with the scope. */
  readonly make: (config: C) => Effect.Effect<V, unknown, R | Scope.Scope>
}

/** Declare a plugin; the kind fixes what `make` must return. */
export const definePlugin = <C, V, R = never>(
  kind: PluginKind<V>,
  spec: Omit<Plugin<C, V, R>, "kind">
): Plugin<C, V, R> => ({ ...spec, kind })
