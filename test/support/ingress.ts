// Start the "grpc" ingress plugin for a test: port 0, a given invoker, a fresh Lifecycle; close by handle.
import { Effect } from "effect"
import { decodeConfig, Lifecycle, type LifecycleShape, makeLifecycle, startMain } from "@mosaic/kernel"
import { Invoker, type InvokerShape } from "@mosaic/rpc"
import { ingressPlugin, type IngressServer } from "@mosaic/ingress-connect"
import { type Clients, makeClients } from "./clients.ts"

export interface TestIngress {
  readonly server: IngressServer
  readonly lifecycle: LifecycleShape
  /** Lifecycle.shutdown: stop accepting, wait for in-flight calls up to `deadlineMs`. */
  shutdown(deadlineMs?: number): Promise<{ readonly drained: boolean; readonly left: number }>
  /** Close the plugin's scope: every connection and listener. */
  close(): Promise<void>
}

/** Decode `config` (address defaults to 127.0.0.1:0) with the plugin's schema and start it. */
export const startTestIngress = async (
  invoker: InvokerShape,
  config: Record<string, unknown> = {}
): Promise<TestIngress> => {
  const lifecycle = makeLifecycle()
  const running = await startMain(Effect.gen(function*() {
    const decoded = yield* decodeConfig(ingressPlugin.config, { address: "127.0.0.1:0", ...config })
    return yield* ingressPlugin.make(decoded)
  }).pipe(
    Effect.provideService(Invoker, invoker),
    Effect.provideService(Lifecycle, lifecycle)
  ))
  return {
    server: running.value,
    lifecycle,
    shutdown: (deadlineMs = 1000) => Effect.runPromise(lifecycle.shutdown(deadlineMs)),
    close: running.close
  }
}

/** Start an ingress and the clients for it, run `body`, then close both (also on failure). */
export const withIngress = async (
  invoker: InvokerShape,
  config: Record<string, unknown>,
  body: (ctx: { readonly ingress: TestIngress; readonly clients: Clients }) => Promise<void>
): Promise<void> => {
  const ingress = await startTestIngress(invoker, config)
  const clients = makeClients(ingress.server.port, { http1Port: ingress.server.http1Port })
  try {
    await body({ ingress, clients })
  } finally {
    clients.close()
    await ingress.close()
  }
}
