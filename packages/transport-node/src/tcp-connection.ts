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
    socket.on("data", this.onSocketData)
    socket.on("error", this.onSocketError)
    socket.on("close", this.onSocketClose)
    socket.on("drain", this.onSocketDrain)
  }

  private readonly onSocketData = (chunk: Uint8Array): void => {
    if (this.handler !== undefined) this.handler.onData(chunk)
    else this.early?.push(chunk)
  }
  private readonly onSocketError = (error: Error): void => {
    this.closeError = error
  }
  private readonly onSocketClose = (): void => {
    this.closed = true
    this.closeSeen = true
    this.handler?.onClose(this.closeError)
  }
  private readonly onSocketDrain = (): void => {
    this.handler?.onDrain?.()
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

  /**
   * Hand the raw socket to another owner (e.g. a node:http2 server after protocol detection): this
   * connection stops listening to it and counts as closed; nothing is read from or written to it here again.
   */
  detachSocket(): Socket {
    this.closed = true
    this.handler = undefined
    this.early = undefined
    this.socket.off("data", this.onSocketData)
    this.socket.off("drain", this.onSocketDrain)
    this.socket.off("close", this.onSocketClose)
    this.socket.off("error", this.onSocketError)
    return this.socket
  }
}

/** The node:net Socket under `connection` when it is a TcpConnection, detached from it; else undefined. */
export const detachSocket = (connection: unknown): Socket | undefined =>
  connection instanceof TcpConnection ? connection.detachSocket() : undefined
