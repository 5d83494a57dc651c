// Scoped constructors and layers for the Bolt and Dubbo servers (Effect style).
import { Context, Effect, Layer, Option, type Scope } from "effect"
import { Registry } from "@mosaic/kernel"
import { type Protocol, ProtocolKind } from "@mosaic/protocol"
import type { Transport, TransportError } from "@mosaic/transport"
import { boltHandler, type BoltHandlerOptions } from "./bolt-handler.ts"
import { dubboHandler, type DubboHandlerOptions } from "./dubbo-handler.ts"
import { serve } from "./serve.ts"
import type { ListenOptions, RpcServerHandle } from "./types.ts"

export interface BoltServerOptions extends BoltHandlerOptions, ListenOptions {}
export interface DubboServerOptions extends DubboHandlerOptions, ListenOptions {}

/**
 * The protocol the options name, else the kernel Registry's `protocol` plugin `name` when a registry is in
 * context and has one (made with its config's defaults), else undefined (the handler builds its own).
 */
const protocolFor = <F>(explicit: Protocol<F> | undefined, name: string): Effect.Effect<Protocol<F> | undefined, never, Scope.Scope> =>
  Effect.gen(function*() {
    if (explicit !== undefined) return explicit
    const registry = Option.getOrUndefined(yield* Effect.serviceOption(Registry))
    if (registry === undefined || !registry.names(ProtocolKind).includes(name)) return undefined
    const made: Protocol<F> | undefined = yield* registry.instantiate(ProtocolKind, { type: name }, `protocol:${name}`).pipe(Effect.orElseSucceed(() => undefined))
    return made
  })

/** A Bolt (SOFARPC) server for the life of the scope. */
export const makeBoltServer = (options: BoltServerOptions): Effect.Effect<RpcServerHandle, TransportError, Transport | Scope.Scope> =>
  Effect.flatMap(protocolFor(options.protocol, "bolt"), (protocol) => serve(options, boltHandler({ ...options, protocol })))

/** A Dubbo server for the life of the scope. */
export const makeDubboServer = (options: DubboServerOptions): Effect.Effect<RpcServerHandle, TransportError, Transport | Scope.Scope> =>
  Effect.flatMap(protocolFor(options.protocol, "dubbo"), (protocol) => serve(options, dubboHandler({ ...options, protocol })))

export class BoltServer extends Context.Service<BoltServer, RpcServerHandle>()("@mosaic/rpc-server/BoltServer") {
  static readonly layer = (options: BoltServerOptions): Layer.Layer<BoltServer, TransportError, Transport> =>
    Layer.effect(BoltServer, makeBoltServer(options))
}

export class DubboServer extends Context.Service<DubboServer, RpcServerHandle>()("@mosaic/rpc-server/DubboServer") {
  static readonly layer = (options: DubboServerOptions): Layer.Layer<DubboServer, TransportError, Transport> =>
    Layer.effect(DubboServer, makeDubboServer(options))
}
