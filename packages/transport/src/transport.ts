// The Transport service: listen and dial over a network; implemented per runtime (see @mosaic/transport-node).
import { Context, type Effect, type Scope } from "effect"
import type { Connection, DialOptions, ListenerHandle, ListenOptions } from "./connection.ts"
import type { TransportError } from "./errors.ts"

export interface TransportShape {
  /** Accept connections until the scope closes (then stop accepting; open connections stay). */
  readonly listen: (
    options: ListenOptions,
    onConnection: (connection: Connection) => void
  ) => Effect.Effect<ListenerHandle, TransportError, Scope.Scope>
  /** Connect; a plain Promise because pools call it on the request path. */
  readonly dial: (options: DialOptions) => Promise<Connection>
}

export class Transport extends Context.Service<Transport, TransportShape>()("@mosaic/transport/Transport") {}
