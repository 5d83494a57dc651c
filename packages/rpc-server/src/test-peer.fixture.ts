// Test fixture: a pipe client that collects whatever a server handler writes back, and its close.
import { type Connection, createPipe } from "@mosaic/transport"

export const pipeClient = (serve: (conn: Connection, closed: () => void) => void) => {
  const [client, server] = createPipe()
  const chunks: Array<Uint8Array> = []
  let closed = false
  client.setHandler({ onData: (c) => void chunks.push(c.slice()), onClose: () => void (closed = true) })
  serve(server, () => {})
  return {
    send: (b: Uint8Array) => client.write(b),
    /** Everything received so far, as one buffer. */
    received: () => {
      const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
      let p = 0
      for (const c of chunks) { out.set(c, p); p += c.length }
      return out
    },
    isClosed: () => closed,
    close: () => client.destroy()
  }
}

export const settle = (ms = 10) => new Promise((r) => setTimeout(r, ms))
