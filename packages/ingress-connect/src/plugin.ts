// The ingress plugin "grpc": the Runtime service over gRPC, gRPC-Web and Connect on one port.
import { createContextValues } from "@connectrpc/connect"
import { connectNodeAdapter } from "@connectrpc/connect-node"
import { Effect, type Scope } from "effect"
import { definePlugin, kind, Lifecycle, type LifecycleShape } from "@mosaic/kernel"
import { Runtime, runtimeJsonRegistry } from "@mosaic/proto"
import { Invoker, type InvokerShape } from "@mosaic/rpc"
import { IngressConfig, parseAddress } from "./config.ts"
import { IngressError } from "./errors.ts"
import { startOnePort } from "./one-port.ts"
import { rawHeadersKey, runtimeService } from "./runtime-service.ts"

/** What an ingress plugin builds: a running server. */
export interface IngressServer {
  /** `server_name` from the config. */
  readonly serverName: string
  readonly host: string
  /** The bound port (the real one when the config asked for port 0). */
  readonly port: number
  /** `http://host:port`: gRPC, gRPC-Web and Connect, h2c and HTTP/1.1. */
  readonly url: string
  /** The HTTP/1.1 port: `port` unless `http1_address` is set. */
  readonly http1Port: number
  readonly http1Url: string
  /** Open connections. */
  readonly connections: () => number
  /** Stop accepting; h2 connections get GOAWAY, HTTP/1.1 ones close after their response (a reload retiring this ingress). */
  readonly stopAccepting: () => void
}

/** An ingress serves the Invoker in context and drains with the Lifecycle. */
export const IngressKind = kind<IngressServer, IngressError, Invoker | Lifecycle>("ingress")

/** Deno's node:http2 server aborts when a peer ends a connection that carried ~50+ streams (denoland/deno#36788). */
const defaultMaxStreams = (): number => ("Deno" in globalThis ? 32 : 0)

const urlOf = (host: string, port: number) => `http://${host.includes(":") ? `[${host}]` : host}:${port}`

/** Start the ingress in the current scope; it stops accepting on Lifecycle stop and closes with the scope. */
export const startIngress = (
  config: IngressConfig,
  deps: { readonly invoker: InvokerShape; readonly lifecycle: LifecycleShape }
): Effect.Effect<IngressServer, IngressError, Scope.Scope> =>
  Effect.gen(function*() {
    const main = parseAddress(config.address)!
    const http1 = config.http1_address === undefined ? undefined : parseAddress(config.http1_address)!
    const handler = connectNodeAdapter({
      routes: (router) => router.service(Runtime, runtimeService({ ...deps, hellos: config.hellos, typedAny: config.typed_any })),
      jsonOptions: { registry: runtimeJsonRegistry },
      readMaxBytes: config.max_body_bytes,
      contextValues: (req) => createContextValues().set(rawHeadersKey, req.rawHeaders)
    })
    const context = yield* Effect.context<never>()
    const log = (message: string) => void Effect.runForkWith(context)(Effect.logWarning(message))
    const server = yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: () =>
          startOnePort({
            host: main.host,
            port: main.port,
            ...(http1 === undefined ? {} : { http1 }),
            handler,
            timeouts: {
              idleMs: config.connection_idle_timeout,
              headerReadMs: config.header_read_timeout,
              bodyMs: config.request_body_timeout,
              firstBytesMs: config.first_bytes_timeout_ms
            },
            maxBodyBytes: config.max_body_bytes,
            maxConnections: config.max_connections,
            log,
            maxStreamsPerConnection: config.max_streams_per_connection ?? defaultMaxStreams(),
            drainTimeoutMs: config.drain_timeout_ms
          }),
        catch: (e) =>
          new IngressError({
            reason: "ListenFailed",
            address: config.address,
            message: `cannot listen on ${config.address}${http1 === undefined ? "" : ` / ${config.http1_address}`}: ${e instanceof Error ? e.message : String(e)}`
          })
      }),
      (s) => Effect.promise(() => s.close())
    )
    yield* deps.lifecycle.onStop(() => server.stopAccepting())
    const http1Host = http1?.host ?? main.host
    return {
      serverName: config.server_name,
      host: main.host,
      port: server.port,
      url: urlOf(main.host, server.port),
      http1Port: server.http1Port,
      http1Url: urlOf(http1Host, server.http1Port),
      connections: server.connections,
      stopAccepting: () => server.stopAccepting()
    }
  })

export const ingressPlugin = definePlugin(IngressKind, {
  name: "grpc",
  description: "The Runtime API (spec.proto.runtime.v1) over gRPC, gRPC-Web and Connect; h2c and HTTP/1.1 on one port",
  config: IngressConfig,
  make: (config: IngressConfig) =>
    Effect.gen(function*() {
      const invoker = yield* Invoker
      const lifecycle = yield* Lifecycle
      return yield* startIngress(config, { invoker, lifecycle })
    })
})
