// Promise API over TCP (node:net via @mosaic/transport-node): start a server, stop it by its handle.
import { Effect, Exit, Scope } from "effect"
import type { Transport, TransportError } from "@mosaic/transport"
import * as NodeTransport from "@mosaic/transport-node"
import { type BoltServerOptions, type DubboServerOptions, makeBoltServer, makeDubboServer } from "./servers.ts"
import type { RpcServerHandle } from "./types.ts"

const start = async (server: Effect.Effect<RpcServerHandle, TransportError, Transport | Scope.Scope>): Promise<RpcServerHandle> => {
  const scope = Effect.runSync(Scope.make())
  const exit = await Effect.runPromiseExit(server.pipe(Scope.provide(scope), Effect.provide(NodeTransport.layer)))
  if (Exit.isFailure(exit)) {
    await Effect.runPromise(Scope.close(scope, Exit.void))
    return Effect.runPromise(Effect.failCause(exit.cause))
  }
  const handle = exit.value
  return { ...handle, close: async () => { await handle.close(); await Effect.runPromise(Scope.close(scope, Exit.void)) } }
}

/** `createBoltServer({ services: { "com.example.EchoService:1.0": { echo: async (s) => s } } })`; port 0 by default. */
export const createBoltServer = (options: BoltServerOptions): Promise<RpcServerHandle> => start(makeBoltServer(options))

/** `createDubboServer({ services: { "org.apache.dubbo.samples.UserProvider": { methods: { GetUser } } } })`. */
export const createDubboServer = (options: DubboServerOptions): Promise<RpcServerHandle> => start(makeDubboServer(options))
