// A Connection over a node:net Socket (works on Node, Bun and Deno).
import type { Socket } from "node:net"
import { type Connection, type ConnectionHandler, nextConnectionId } from "@mosaic/transport"

export class TcpConnection implements Connection {
  readonly id = nextConnectionId()
  readonly remoteAddress: string
  readonly localAddress: string
  closed = false
  private handler: ConnectionHandler | undefined
  private early: Array<Uint8Array> | undefined = []
  private closeError: Error | undefined
  private closeSeen = false
  private readonly socket: Socket

  constructor(socket: Socket) {
    this.socket = socket
    this.remoteAddress = `${socket.remoteAddress ?? "?"}:${socket.remotePort ?? 0}`
    this.localAddress = `${socket.localAddress ?? "?"}:${socket.localPort ?? 0}`
    socket.setNoDelay(true)
    socket.on("data", (chunk: Uint8Array) => {
      if (this.handler !== undefined) this.handler.onData(chunk)
      else this.early!.push(chunk)
    })
    socket.on("error", (error) => {
      this.closeError = error
    })
    socket.on("close", () => {
      this.closed = true
      this.closeSeen = true
      this.handler?.onClose(this.closeError)
    })
    socket.on("drain", () => this.handler?.onDrain?.())
  }

  setHandler(handler: ConnectionHandler): void {
    this.handler = handler
    const early = this.early
    this.early = undefined
    if (early !== undefined) for (const chunk of early) handler.onData(chunk)
    if (this.closeSeen) handler.onClose(this.closeError)
  }

  write(bytes: Uint8Array): boolean {
    if (this.closed) return false
    return this.socket.write(bytes)
  }

  end(): void {
    if (this.closed) return
    this.closed = true
    this.socket.end()
  }

  destroy(error?: Error): void {
    this.closed = true
    if (error !== undefined) this.closeError = error
    this.socket.destroy()
  }

  pause(): void {
    this.socket.pause()
  }

  resume(): void {
    this.socket.resume()
  }
}
