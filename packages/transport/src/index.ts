// @mosaic/transport: the connection contract, the in-memory pipe, named pipe listeners, the Transport service.
export type { Connection, ConnectionHandler, DialOptions, ListenerHandle, ListenOptions } from "./connection.ts"
export { nextConnectionId, parseHostPort } from "./connection.ts"
export { TransportError } from "./errors.ts"
export { createPipe } from "./pipe.ts"
export { type Accept, PipeListeners, type PipeListenersShape } from "./pipe-listeners.ts"
export { Transport, type TransportShape } from "./transport.ts"
export { scopedClient } from "./scoped-client.ts"
export { type Expiring, TimeoutSweeper } from "./timeout-sweeper.ts"
