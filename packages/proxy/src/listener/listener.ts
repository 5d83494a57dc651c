// A proxy listener: always registered in PipeListeners by name; also a TCP socket when bind_port is true.
//
// max_connections caps the TCP socket only: the runtime closes a connection over it at accept, and the count
// falls when a connection closes (also one handed off, e.g. to HTTP/2). In-process pipe connections are
// neither capped nor counted: an in-process channel must never be refused by an external limit.
import { Effect, type Scope } from "effect"
import { type Connection, parseHostPort, PipeListeners, Transport, type TransportError } from "@mosaic/transport"
import type { ListenerConfig } from "../config/listener.ts"

export interface ListenerInfo {
  readonly name: string
  /** "host:port" actually bound (port 0 resolved), or undefined without bind_port. */
  readonly address: string | undefined
  readonly port: number | undefined
  /** Stop accepting TCP connections (open connections stay); the pipe name stays until the scope closes. */
  readonly stopAccepting: () => Promise<void>
}

export const startListener = (
  config: ListenerConfig,
  accept: (connection: Connection) => void,
  /** Where accept problems (EMFILE, refusals over max_connections) are told; default console.warn. */
  log?: (message: string) => void
): Effect.Effect<ListenerInfo, TransportError, Transport | PipeListeners | Scope.Scope> =>
  Effect.gen(function*() {
    const pipes = yield* PipeListeners
    yield* pipes.register(config.name, accept)
    return yield* listenTcp(config, accept, log)
  })

/** The TCP side alone (a reload that moves a listener keeps its pipe name and opens a new socket). */
export const listenTcp = (
  config: ListenerConfig,
  accept: (connection: Connection) => void,
  log?: (message: string) => void
): Effect.Effect<ListenerInfo, TransportError, Transport | Scope.Scope> =>
  Effect.gen(function*() {
    if (!config.bind_port) {
      return { name: config.name, address: undefined, port: undefined, stopAccepting: () => Promise.resolve() }
    }
    const transport = yield* Transport
    const { host, port } = parseHostPort(config.address)!
    const handle = yield* transport.listen({
      host,
      port,
      ...(config.max_connections > 0 ? { maxConnections: config.max_connections } : {}),
      ...(log === undefined ? {} : { log: (m: string) => log(`${config.name}: ${m}`) })
    }, accept)
    let stopped = false
    return {
      name: config.name,
      address: handle.address,
      port: handle.port,
      // the listening socket closes at once; handle.close() settles only when every connection ended
      stopAccepting: () => {
        if (!stopped) {
          stopped = true
          handle.close().catch(() => {})
        }
        return Promise.resolve()
      }
    }
  })
