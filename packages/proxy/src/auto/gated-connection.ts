// A Connection wrapper that runs the listener pipeline's byte stages (on_read, on_write, on_inactive) between the socket and a server connection.
import type { Connection, ConnectionHandler } from "@mosaic/transport"

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
  private inactive = false

  constructor(inner: Connection, stages: GateStages) {
    this.inner = inner
    this.stages = stages
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

  setHandler(handler: ConnectionHandler): void {
    this.inner.setHandler({
      onData: (chunk) => {
        if (this.inactive) return
        if (this.stages.onRead(chunk) !== undefined) return this.inner.end()
        handler.onData(chunk)
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
