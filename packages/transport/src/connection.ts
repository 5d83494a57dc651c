// The byte-stream connection contract every transport (TCP, in-memory pipe) implements.

/** Callbacks a protocol handler installs on a connection; plain functions, called on the hot path. */
export interface ConnectionHandler {
  /** A chunk of bytes arrived. The chunk may be reused by the caller after return only if copied. */
  onData(chunk: Uint8Array): void
  /** The connection closed (peer end, reset, or local close). `error` is set for abnormal closes. */
  onClose(error?: Error): void
  /** The write buffer drained after `write` returned false. */
  onDrain?(): void
}

/** A full-duplex byte stream. Writes are queued in order; reads are pushed to the handler. */
export interface Connection {
  readonly id: number
  /** "host:port" of the peer, or "pipe" for an in-memory connection. */
  readonly remoteAddress: string
  readonly localAddress: string
  readonly closed: boolean
  /** Install the handler; bytes that arrived before are delivered now. */
  setHandler(handler: ConnectionHandler): void
  /** Queue bytes. Returns false when the caller should wait for `onDrain` before writing more. */
  write(bytes: Uint8Array): boolean
  /** Write the queued bytes, then close. */
  end(): void
  /** Close now, discarding queued bytes. */
  destroy(error?: Error): void
  pause(): void
  resume(): void
}

let nextId = 0
/** Connection ids are unique in the process; used in logs and pool bookkeeping. */
export const nextConnectionId = (): number => ++nextId

/** A listening endpoint. */
export interface ListenerHandle {
  /** The bound address, "host:port" (the real port when 0 was asked for). */
  readonly address: string
  readonly port: number
  /** Stop accepting; existing connections stay open. */
  close(): Promise<void>
}

export interface ListenOptions {
  readonly host: string
  readonly port: number
  /** Accepted-connection backlog; the OS default when absent. */
  readonly backlog?: number
  /** Connections open at once; more are closed as they are accepted (absent or 0: no cap). */
  readonly maxConnections?: number
  /** Where accept problems (EMFILE, refusals over maxConnections) are reported, once per episode; default console.warn. */
  readonly log?: (message: string) => void
}

export interface DialOptions {
  readonly host: string
  readonly port: number
  /** Give up connecting after this many milliseconds. */
  readonly timeoutMs?: number
  readonly signal?: AbortSignal
}

/** Split "host:port" (IPv6 in brackets allowed); undefined when the text is not an address. */
export const parseHostPort = (text: string): { host: string; port: number } | undefined => {
  const m = /^\[?([^\]]*?)\]?:(\d{1,5})$/.exec(text)
  if (m === null) return undefined
  const port = Number(m[2])
  if (port > 65535) return undefined
  return { host: m[1] === "" ? "127.0.0.1" : m[1]!, port }
}
