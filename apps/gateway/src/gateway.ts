// The gateway: one Auto proxy port for HTTP/1.1, HTTP/2 (Runtime API or h2 proxying), Bolt v1/v2, Dubbo and TTHeader, from a Layotto/MOSN config.
import { Effect } from "effect"
import { ConfigError, decodeConfig, joinPath, Lifecycle, Registry, startMain } from "@mosaic/kernel"
import type { InvokerShape } from "@mosaic/rpc"
import { InvokerKind } from "@mosaic/invoker"
import { IngressConfig, runtimeNodeHandler } from "@mosaic/ingress-connect"
import { makeProxy, type Proxy, ProxyConfig } from "@mosaic/proxy"
import { createHttp2Handoff } from "@mosaic/h2-node"
import { fromLayottoConfig, runtimeLayer, sidecarPlugins } from "@mosaic/sidecar"

export interface GatewayOptions {
  /** The Runtime API's invoker; default: built from the config's `grpc` listener (Layotto's `mosn` invoker). */
  readonly invoker?: InvokerShape
  /** Where the proxy logs closed connections (undetected protocol, bad frames); default console.warn. */
  readonly log?: (message: string) => void
}

export interface Gateway {
  readonly proxy: Proxy
  /** Bound ports of the proxy listeners, by listener name. */
  readonly ports: Readonly<Record<string, number>>
  readonly stop: (drainMs?: number) => Promise<void>
}

/**
 * The gateway in the current scope, from a Layotto/MOSN-shaped config: the proxy listeners (one with
 * `downstream_protocol: "Auto"`) are started; a `grpc` listener only contributes its invoker, served as the
 * Runtime API on the Auto port's HTTP/2. Needs `runtimeLayer(sidecarPlugins)`.
 */
export const gateway = (config: unknown, options: GatewayOptions = {}) =>
  Effect.gen(function*() {
    const model = yield* fromLayottoConfig(config)
    const registry = yield* Registry
    const lifecycle = yield* Lifecycle
    let invoker = options.invoker
    const ingress = model.ingresses[0]
    if (invoker === undefined && ingress !== undefined) {
      invoker = yield* registry.instantiate(InvokerKind, ingress.invoker.ref, ingress.invoker.path)
    }
    // the grpc listener's own settings (hellos, max_body_bytes, typed_any) apply to the hand-off
    const ingressConfig = ingress === undefined ? undefined : yield* decodeConfig(IngressConfig, ingress.ref.config ?? {}, joinPath(ingress.path, "config"))
    const proxyModel = model.proxy
    if (proxyModel === undefined) return yield* ConfigError.at("servers[0].listeners", "a listener with a proxy filter")
    const runtime = invoker === undefined ? undefined : runtimeNodeHandler({
      invoker,
      lifecycle,
      ...(ingressConfig === undefined ? {} : { hellos: ingressConfig.hellos, maxBodyBytes: ingressConfig.max_body_bytes, typedAny: ingressConfig.typed_any })
    })
    const proxyConfig = yield* decodeConfig(ProxyConfig, (proxyModel.ref as { config?: unknown }).config ?? {}).pipe(
      Effect.mapError((e) => ConfigError.at(proxyModel.origin(e.path), e.expected))
    )
    const http2 = createHttp2Handoff(runtime === undefined ? {} : { runtime: runtime as never })
    const proxy = yield* makeProxy(proxyConfig, { http2, registry, ...(options.log === undefined ? {} : { log: options.log }) })
    const ports: Record<string, number> = {}
    for (const l of proxy.listeners) if (l.port !== undefined) ports[l.name] = l.port
    return { proxy, ports, lifecycle }
  })

/** Start the gateway (see `gateway`); rejects with the first ConfigError or startup failure. */
export const startGateway = async (config: unknown, options: GatewayOptions = {}): Promise<Gateway> => {
  const main = await startMain(gateway(config, options), runtimeLayer(sidecarPlugins))
  const { proxy, ports, lifecycle } = main.value
  return {
    proxy,
    ports,
    stop: async (drainMs = 2000) => {
      await Effect.runPromise(lifecycle.shutdown(drainMs))
      await main.close()
    }
  }
}
