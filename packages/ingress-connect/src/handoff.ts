// The Runtime service as a node request handler, for servers that receive connections handed off by another listener (the gateway's Auto port).
import { createContextValues } from "@connectrpc/connect"
import { connectNodeAdapter } from "@connectrpc/connect-node"
import type { LifecycleShape } from "@mosaic/kernel"
import { Runtime, runtimeJsonRegistry } from "@mosaic/proto"
import type { InvokerShape } from "@mosaic/rpc"
import type { NodeHandler } from "./one-port.ts"
import { rawHeadersKey, runtimeService } from "./runtime-service.ts"

export interface RuntimeHandlerOptions {
  readonly invoker: InvokerShape
  readonly lifecycle: LifecycleShape
  readonly hellos?: Readonly<Record<string, string>>
  /** The ingress's `typed_any` (default false: Layotto's untyped answer Any). */
  readonly typedAny?: boolean
  /** Default 4 MiB, as the ingress's `max_body_bytes`. */
  readonly maxBodyBytes?: number
}

/** gRPC, gRPC-Web and Connect for `spec.proto.runtime.v1.Runtime`, as the ingress serves them, for any node:http/http2 server. */
export const runtimeNodeHandler = (o: RuntimeHandlerOptions): NodeHandler =>
  connectNodeAdapter({
    routes: (router) => router.service(Runtime, runtimeService({ invoker: o.invoker, lifecycle: o.lifecycle, hellos: o.hellos ?? {}, typedAny: o.typedAny ?? false })),
    jsonOptions: { registry: runtimeJsonRegistry },
    readMaxBytes: o.maxBodyBytes ?? 4 * 1024 * 1024,
    contextValues: (req) => createContextValues().set(rawHeadersKey, req.rawHeaders)
  }) as NodeHandler
