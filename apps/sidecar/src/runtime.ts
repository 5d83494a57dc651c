// Builds a running runtime from the model: proxy core first (its pipe listeners), then invokers and ingresses.
import { Effect, Layer } from "effect"
import { ConfigError, Lifecycle, type Plugin, Registry } from "@mosaic/kernel"
import { PipeListeners } from "@mosaic/transport"
import * as NodeTransport from "@mosaic/transport-node"
import { Invoker } from "@mosaic/rpc"
import { InvokerKind } from "@mosaic/invoker"
import { IngressKind } from "@mosaic/ingress-connect"
import { ProxyKind } from "@mosaic/proxy"
import type { RuntimeModel } from "./layotto-config.ts"

export interface RuntimeHandle {
  /** The bound ports of the gRPC ingresses, in config order. */
  readonly ingressPorts: ReadonlyArray<number>
}

/** Start everything in the model inside the current scope; closing the scope stops it all. */
export const startRuntime = (model: RuntimeModel) =>
  Effect.gen(function*() {
    const registry = yield* Registry
    const proxy = model.proxy
    if (proxy !== undefined) {
      yield* registry.instantiate(ProxyKind, proxy.ref, "", { configPath: "" }).pipe(
        Effect.mapError((e) => e instanceof ConfigError ? ConfigError.at(proxy.origin(e.path), e.expected) : e)
      )
    }
    const ingressPorts: Array<number> = []
    for (const ingress of model.ingresses) {
      const invoker = yield* registry.instantiate(InvokerKind, ingress.invoker.ref, ingress.invoker.path)
      const server = yield* registry.instantiate(IngressKind, ingress.ref, ingress.path).pipe(Effect.provideService(Invoker, invoker))
      ingressPorts.push(server.port)
    }
    return { ingressPorts } satisfies RuntimeHandle
  }) as Effect.Effect<RuntimeHandle, ConfigError | unknown, any>

/** The services every runtime needs: the registry of the given plugins, TCP, pipe listeners, lifecycle. */
export const runtimeLayer = (plugins: ReadonlyArray<Plugin<any, any, any>>) =>
  Layer.mergeAll(Registry.layer(plugins), NodeTransport.layer, PipeListeners.layer, Lifecycle.layer)
