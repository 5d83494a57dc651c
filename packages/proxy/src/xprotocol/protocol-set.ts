// The protocols a proxy speaks, by name: those given explicitly (MakeProxyOptions.protocols), else the registry's `protocol` plugins.
import { Effect, Scope } from "effect"
import { ConfigError, decodeConfig, type RegistryShape } from "@mosaic/kernel"
import { type Protocol, ProtocolKind } from "@mosaic/protocol"

export interface ProtocolSet {
  /** The protocol named `name` (case-insensitive); a ConfigError at `path` naming the known ones when there is none. */
  readonly get: (name: string, path: string) => Effect.Effect<Protocol, ConfigError>
  /** Every protocol's name, explicit ones first, then the registry's (in registration order). */
  readonly names: () => ReadonlyArray<string>
}

/**
 * A registry plugin is made once per proxy, with its config's defaults, in `scope` (the proxy's), on first
 * use. Explicit protocols win over registered ones of the same name.
 */
export const makeProtocolSet = (
  explicit: ReadonlyArray<Protocol> | undefined,
  registry: RegistryShape | undefined,
  scope: Scope.Scope
): ProtocolSet => {
  const made = new Map<string, Protocol>()
  for (const p of explicit ?? []) made.set(p.name.toLowerCase(), p)
  const registered = (): ReadonlyArray<string> => registry?.names(ProtocolKind) ?? []
  const names = (): ReadonlyArray<string> => {
    const all = [...made.keys()]
    for (const n of registered()) if (!made.has(n.toLowerCase())) all.push(n.toLowerCase())
    return all
  }
  const get = (name: string, path: string): Effect.Effect<Protocol, ConfigError> =>
    Effect.gen(function*() {
      const key = name.toLowerCase()
      const have = made.get(key)
      if (have !== undefined) return have
      const registeredName = registered().find((n) => n.toLowerCase() === key)
      if (registry === undefined || registeredName === undefined) {
        const known = names()
        return yield* ConfigError.at(path, `a registered protocol (no protocol "${name}"; registered: ${known.length > 0 ? known.join(", ") : "none"})`)
      }
      const plugin = yield* registry.get(ProtocolKind, registeredName).pipe(Effect.mapError((e) => ConfigError.at(path, e.message)))
      const config = yield* decodeConfig(plugin.config, {}, path)
      const p = yield* (plugin.make(config) as Effect.Effect<Protocol, never, Scope.Scope>).pipe(Effect.provideService(Scope.Scope, scope))
      made.set(key, p)
      return p
    })
  return { get, names }
}
