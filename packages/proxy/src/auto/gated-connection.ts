// A Connection wrapper that runs the listener pipeline (on_read, on_message via a request gate, on_write) between the socket and a server connection.
import type { Connection, ConnectionHandler } from "@mosaic/transport"
import type { RequestGate } from "./request-gate.ts"

export interface GateStages {
  /** on_read per chunk; an Error closes the connection. */
  readonly onRead: (bytes: Uint8Array) => Error | undefined
  /** on_write per write; an Error drops the bytes and closes the connection. */
  readonly onWrite: (bytes: Uint8Array) => Error | undefined
  readonly onInactive: () => void
}

export class GatedConnection implements Connection {
  private readonly inner: Connection
  private readonly stages: GateStages
  private gate: RequestGate | undefined
  private handler: ConnectionHandler | undefined
  private inactive = false

  constructor(inner: Connection, stages: GateStages) {
    this.inner = inner
    this.stages = stages
  }

  /** Set before `setHandler` (the gate may need to write replies through this connection). */
  setGate(gate: RequestGate | undefined): void {
    this.gate = gate
  }

  get id(): number {
    return this.inner.id
  }
  get remoteAddress(): string {
    return this.inner.remoteAddress
  }
  get localAddress(): string {
    return this.inner.localAddress
  }
  get closed(): boolean {
    return this.inner.closed
  }

  /** The server connection reading from this one (set before any byte reaches it, replayed bytes included). */
  get reader(): ConnectionHandler | undefined {
    return this.handler
  }

  /** The gate's output: each part to the server connection, in order, until the connection is gone. */
  private readonly pass = (part: Uint8Array): void => {
    if (!this.inactive) this.handler?.onData(part)
  }

  setHandler(handler: ConnectionHandler): void {
    this.handler = handler
    this.inner.setHandler({
      onData: (chunk) => {
        if (this.inactive) return
        if (this.stages.onRead(chunk) !== undefined) return this.inner.end()
        const gate = this.gate
        if (gate === undefined) return handler.onData(chunk)
        gate.push(chunk, this.pass)
      },
      onClose: (error) => {
        if (!this.inactive) {
          this.inactive = true
          this.stages.onInactive()
        }
        handler.onClose(error)
      },
      onDrain: () => handler.onDrain?.()
    })
  }

  write(bytes: Uint8Array): boolean {
    if (this.stages.onWrite(bytes) !== undefined) {
      this.inner.end()
      return false
    }
    return this.inner.write(bytes)
  }
  end(): void {
    this.inner.end()
  }
  destroy(error?: Error): void {
    this.inner.destroy(error)
  }
  pause(): void {
    this.inner.pause()
  }
  resume(): void {
    this.inner.resume()
  }
}
