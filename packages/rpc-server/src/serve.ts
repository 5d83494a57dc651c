// Listen over the Transport service and hand each connection to a protocol handler; closing ends them all.
import { Effect, type Scope } from "effect"
import { type Connection, Transport, type TransportError } from "@mosaic/transport"
import type { ListenOptions, RpcServerHandle } from "./types.ts"

/** Scoped: listens until the scope closes (or `close()`), then destroys every open connection. */
export const serve = (
  options: ListenOptions,
  handler: (conn: Connection, closed: () => void) => void
): Effect.Effect<RpcServerHandle, TransportError, Transport | Scope.Scope> =>
  Effect.gen(function*() {
    const transport = yield* Transport
    const open = new Set<Connection>()
    let closed = false
    const closeAll = () => {
      closed = true
      for (const c of open) c.destroy()
      open.clear()
    }
    yield* Effect.addFinalizer(() => Effect.sync(closeAll))
    const listener = yield* transport.listen({ host: options.host ?? "127.0.0.1", port: options.port ?? 0 }, (conn) => {
      if (closed) return conn.destroy()
      open.add(conn)
      handler(conn, () => void open.delete(conn))
    })
    return {
      port: listener.port,
      address: listener.address,
      connections: () => open.size,
      close: async () => {
        closeAll()
        await listener.close()
      }
    }
  })
