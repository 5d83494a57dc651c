// The connection handed to the chosen protocol: replays the detection bytes first, then forwards, exactly once and in order.
import type { Connection, ConnectionHandler } from "@mosaic/transport"

/**
 * Wraps the real connection after detection. The detector's own handler stays installed on the real
 * connection and forwards every later chunk here, so no chunk can reach a stale handler or overtake the
 * replayed bytes, whenever the new handler is installed. The real connection is paused from the decision
 * until `setHandler`, so little is buffered meanwhile.
 */
export class HandoverConnection implements Connection {
  private readonly real: Connection
  private handler: ConnectionHandler | undefined
  private readonly pending: Array<Uint8Array>
  private closeInfo: { error: Error | undefined } | undefined
  private closeDelivered = false
  private userPaused = false
  private delivering = false

  constructor(real: Connection, first: Uint8Array) {
    this.real = real
    this.pending = first.length > 0 ? [first] : []
    real.pause()
  }

  get id(): number {
    return this.real.id
  }
  get remoteAddress(): string {
    return this.real.remoteAddress
  }
  get localAddress(): string {
    return this.real.localAddress
  }
  get closed(): boolean {
    return this.real.closed
  }

  setHandler(handler: ConnectionHandler): void {
    const first = this.handler === undefined
    this.handler = handler
    this.drain()
    if (first && !this.userPaused) this.real.resume()
  }

  write(bytes: Uint8Array): boolean {
    return this.real.write(bytes)
  }
  end(): void {
    this.real.end()
  }
  destroy(error?: Error): void {
    this.real.destroy(error)
  }

  pause(): void {
    this.userPaused = true
    this.real.pause()
  }

  resume(): void {
    this.userPaused = false
    this.drain()
    if (!this.userPaused && this.handler !== undefined) this.real.resume()
  }

  /** A chunk read from the real connection after the decision. */
  data(chunk: Uint8Array): void {
    if (this.handler !== undefined && !this.userPaused && this.pending.length === 0 && !this.delivering) {
      this.handler.onData(chunk)
      return
    }
    // Kept past this call: copy, the transport may reuse its buffer.
    this.pending.push(chunk.slice())
    this.drain()
  }

  close(error: Error | undefined): void {
    if (this.closeInfo !== undefined) return
    this.closeInfo = { error }
    this.drain()
  }

  drain(): void {
    if (this.delivering) return
    this.delivering = true
    try {
      while (this.handler !== undefined && !this.userPaused && this.pending.length > 0) {
        this.handler.onData(this.pending.shift()!)
      }
      if (this.handler !== undefined && this.pending.length === 0 && this.closeInfo !== undefined && !this.closeDelivered) {
        this.closeDelivered = true
        this.handler.onClose(this.closeInfo.error)
      }
    } finally {
      this.delivering = false
    }
  }

  drainNow(): void {
    this.handler?.onDrain?.()
  }
}
