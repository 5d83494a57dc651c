// A channel's protocol by name: the kernel Registry's `protocol` plugin when one is in context and registered, else the channel's own.
import { Effect, Option, type Scope } from "effect"
import { Registry } from "@mosaic/kernel"
import { type Protocol, ProtocolKind } from "@mosaic/protocol"

/**
 * The registered protocol `name` made with its config's defaults (so a channel and a proxy in one runtime
 * share one definition), else `fallback()` (no registry, not registered, or it failed to build).
 */
export const registeredProtocol = <F>(name: string, fallback: () => Protocol<F>): Effect.Effect<Protocol<F>, never, Scope.Scope> =>
  Effect.gen(function*() {
    const registry = Option.getOrUndefined(yield* Effect.serviceOption(Registry))
    if (registry === undefined || !registry.names(ProtocolKind).includes(name)) return fallback()
    const made: Protocol<F> = yield* registry.instantiate(ProtocolKind, { type: name }, `protocol:${name}`).pipe(Effect.orElseSucceed(fallback))
    return made
  })
