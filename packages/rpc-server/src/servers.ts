// Scoped constructors and layers for the Bolt and Dubbo servers (Effect style).
import { Context, type Effect, Layer, type Scope } from "effect"
import type { Transport, TransportError } from "@mosaic/transport"
import { boltHandler, type BoltHandlerOptions } from "./bolt-handler.ts"
import { dubboHandler, type DubboHandlerOptions } from "./dubbo-handler.ts"
import { serve } from "./serve.ts"
import type { ListenOptions, RpcServerHandle } from "./types.ts"

export interface BoltServerOptions extends BoltHandlerOptions, ListenOptions {}
export interface DubboServerOptions extends DubboHandlerOptions, ListenOptions {}

/** A Bolt (SOFARPC) server for the life of the scope. */
export const makeBoltServer = (options: BoltServerOptions): Effect.Effect<RpcServerHandle, TransportError, Transport | Scope.Scope> =>
  serve(options, boltHandler(options))

/** A Dubbo server for the life of the scope. */
export const makeDubboServer = (options: DubboServerOptions): Effect.Effect<RpcServerHandle, TransportError, Transport | Scope.Scope> =>
  serve(options, dubboHandler(options))

export class BoltServer extends Context.Service<BoltServer, RpcServerHandle>()("@mosaic/rpc-server/BoltServer") {
  static readonly layer = (options: BoltServerOptions): Layer.Layer<BoltServer, TransportError, Transport> =>
    Layer.effect(BoltServer, makeBoltServer(options))
}

export class DubboServer extends Context.Service<DubboServer, RpcServerHandle>()("@mosaic/rpc-server/DubboServer") {
  static readonly layer = (options: DubboServerOptions): Layer.Layer<DubboServer, TransportError, Transport> =>
    Layer.effect(DubboServer, makeDubboServer(options))
}
