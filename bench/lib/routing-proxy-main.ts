// The routing benchmark's proxy child: a Mosaic proxy built from arguments (see routing-config.ts). Prints READY <port>.
import { Effect, Layer } from "effect"
import { decodeConfig, Lifecycle, runMain } from "@mosaic/kernel"
import { makeProxy, ProxyConfig } from "@mosaic/proxy"
import { PipeListeners } from "@mosaic/transport"
import { layer as tcpLayer } from "@mosaic/transport-node"
import { parseArgs, proxyConfig } from "./routing-config.ts"

const config = proxyConfig(parseArgs(process.argv.slice(2)))
// SIGTERM (or SIGINT) closes the proxy's scope, then the process exits 0
runMain(Effect.gen(function*() {
  const proxy = yield* makeProxy(yield* decodeConfig(ProxyConfig, config))
  console.log(`READY ${proxy.listeners[0]!.port}`)
  return yield* Effect.never
}), Layer.mergeAll(tcpLayer, PipeListeners.layer, Lifecycle.layer))
