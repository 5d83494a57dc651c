// The routing benchmark's proxy child: a Mosaic proxy built from arguments (see routing-config.ts). Prints READY <port>.
import { Effect, Exit, Layer, Scope } from "effect"
import { decodeConfig, Lifecycle } from "@mosaic/kernel"
import { makeProxy, ProxyConfig } from "@mosaic/proxy"
import { PipeListeners } from "@mosaic/transport"
import { layer as tcpLayer } from "@mosaic/transport-node"
import { parseArgs, proxyConfig } from "./routing-config.ts"

const config = proxyConfig(parseArgs(process.argv.slice(2)))
const scope = await Effect.runPromise(Scope.make())
const proxy = await Effect.runPromise(
  Effect.gen(function*() {
    return yield* makeProxy(yield* decodeConfig(ProxyConfig, config))
  }).pipe(Scope.provide(scope), Effect.provide(Layer.mergeAll(tcpLayer, PipeListeners.layer, Lifecycle.layer)))
)
console.log(`READY ${proxy.listeners[0]!.port}`)
process.on("SIGTERM", () => {
  void Effect.runPromise(Scope.close(scope, Exit.void)).then(() => process.exit(0))
})
