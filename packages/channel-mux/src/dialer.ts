// Dial a proxy listener by name (in-memory pipe) or host:port (TCP), as Layotto's channels do.
import { Code } from "@mosaic/kernel"
import { RpcError } from "@mosaic/rpc"
import { type Connection, parseHostPort, type PipeListenersShape, type TransportShape } from "@mosaic/transport"

export interface DialerOptions {
  readonly transport: TransportShape
  readonly pipes: PipeListenersShape
  readonly connectTimeoutMs: number
}

/**
 * A dial function for `address`: "host:port" dials TCP; anything else names a proxy listener reached over
 * an in-memory pipe. Every failure is UNAVAILABLE: refused, connect timeout, or no listener by that name
 * (not registered yet, or gone while the runtime stops or reloads).
 */
export const makeDialer = (address: string, options: DialerOptions): (() => Promise<Connection>) => {
  const target = parseHostPort(address)
  if (target === undefined) {
    return async () => {
      const c = options.pipes.connect(address)
      if (c instanceof Error) throw RpcError.of(Code.UNAVAILABLE, `cannot reach the proxy listener: ${c.message}`)
      return c
    }
  }
  return async () => {
    try {
      return await options.transport.dial({ host: target.host, port: target.port, timeoutMs: options.connectTimeoutMs })
    } catch (e) {
      throw RpcError.of(Code.UNAVAILABLE, (e as Error).message ?? String(e))
    }
  }
}
