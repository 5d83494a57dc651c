// The service shapes the Bolt and Dubbo servers accept, and the handle a running server returns.

/** A method implementation: receives the decoded arguments; returns a value (plain JS or `{ $class, $ }`). */
export type Method = (...args: Array<any>) => unknown

/** A Bolt (SOFARPC) service: method name -> implementation. Registered under its unique name "iface:version". */
export type BoltService = Readonly<Record<string, Method>>

/** A Dubbo service, registered under its interface name. */
export interface DubboService {
  /** When set, the request's service version must equal it. */
  readonly version?: string
  /** When set, the request's `group` attachment must equal it. */
  readonly group?: string
  readonly methods: Readonly<Record<string, Method>>
}

export interface ListenOptions {
  /** Default "127.0.0.1". */
  readonly host?: string
  /** Default 0 (any free port). */
  readonly port?: number
  /** Where a closed-connection reason goes; default `console.warn`. */
  readonly log?: (message: string) => void
}

export interface RpcServerHandle {
  /** The bound port (the real one when 0 was asked for). */
  readonly port: number
  /** "host:port". */
  readonly address: string
  /** Open connections. */
  readonly connections: () => number
  /** Stop listening and close every connection. */
  close(): Promise<void>
}

export const defaultLog = (message: string): void => console.warn(message)
