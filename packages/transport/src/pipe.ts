// The in-memory duplex pipe: a pair of Connections that hand bytes to each other (Layotto's net.Pipe).
import { type Connection, type ConnectionHandler, nextConnectionId } from "./connection.ts"

/** Bytes queued on one side before its writer is told to wait for drain. */
const HIGH_WATER = 1024 * 1024

class PipeEnd implements Connection {
  readonly id = nextConnectionId()
  readonly remoteAddress = "pipe"
  readonly localAddress = "pipe"
  peer!: PipeEnd
  closed = false
  private handler: ConnectionHandler | undefined
  private inbox: Array<Uint8Array> = []
  private inboxBytes = 0
  private paused = false
  private scheduled = false
  private peerEnded = false
  private closeError: Error | undefined
  private closeNotified = false
  private writerBlocked = false

  setHandler(handler: ConnectionHandler): void {
    this.handler = handler
    this.schedule()
  }

  write(bytes: Uint8Array): boolean {
    if (this.closed || this.peer.closed) return false
    // Copy: the caller may reuse its buffer once write returns, like a socket write.
    this.peer.receive(bytes.slice())
    if (this.peer.inboxBytes > HIGH_WATER) {
      this.writerBlocked = true
      return false
    }
    return true
  }

  end(): void {
    if (this.closed) return
    this.closed = true
    this.peer.peerEnded = true
    this.peer.schedule()
    this.finishClose(undefined)
  }

  destroy(error?: Error): void {
    if (this.closed) return
    this.closed = true
    this.inbox = []
    this.inboxBytes = 0
    this.peer.peerEnded = true
    this.peer.closeError = error === undefined ? undefined : new Error("pipe peer reset")
    this.peer.schedule()
    this.finishClose(error)
  }

  pause(): void {
    this.paused = true
  }

  resume(): void {
    this.paused = false
    this.schedule()
  }

  private receive(bytes: Uint8Array): void {
    this.inbox.push(bytes)
    this.inboxBytes += bytes.byteLength
    this.schedule()
  }

  private schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    queueMicrotask(() => this.flush())
  }

  private flush(): void {
    this.scheduled = false
    const h = this.handler
    if (h === undefined) return
    while (!this.paused && this.inbox.length > 0 && !this.closed) {
      const chunk = this.inbox.shift()!
      this.inboxBytes -= chunk.byteLength
      h.onData(chunk)
    }
    if (this.peer.writerBlocked && this.inboxBytes <= HIGH_WATER / 2) {
      this.peer.writerBlocked = false
      this.peer.handler?.onDrain?.()
    }
    if (this.peerEnded && this.inbox.length === 0 && !this.closed) this.closed = true
    if (this.closed && !this.closeNotified) {
      this.closeNotified = true
      h.onClose(this.closeError)
    }
  }

  private finishClose(error: Error | undefined): void {
    this.closeError = error
    this.schedule()
  }
}

/** A connected pair: bytes written to one end are read from the other, in order. */
export const createPipe = (): readonly [Connection, Connection] => {
  const a = new PipeEnd()
  const b = new PipeEnd()
  a.peer = b
  b.peer = a
  return [a, b]
}
