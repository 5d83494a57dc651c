// Batched writes: frames bound for one connection during one event-loop turn go out as one write.
import type { Connection } from "@mosaic/transport"

/** Flushes every outbox with queued frames once the current task ends (one microtask, not one per frame). */
export class Flusher {
  private dirty: Array<Outbox> = []
  private spare: Array<Outbox> = []
  private scheduled = false
  private readonly run = (): void => {
    this.scheduled = false
    const list = this.dirty
    this.dirty = this.spare
    for (let i = 0; i < list.length; i++) list[i]!.flush()
    list.length = 0
    this.spare = list
  }

  mark(o: Outbox): void {
    this.dirty.push(o)
    if (!this.scheduled) {
      this.scheduled = true
      queueMicrotask(this.run)
    }
  }
}

/**
 * The frames waiting for one connection. Views are kept until the flush (the decoders never overwrite
 * bytes they handed out); several frames are copied into one buffer, a single frame is written as is.
 */
export class Outbox {
  readonly conn: Connection
  /** Called when a write returned false (the socket buffer is full). */
  onBlocked: (() => void) | undefined = undefined
  private parts: Array<Uint8Array> = []
  private size = 0
  private queued = false
  private readonly flusher: Flusher

  constructor(conn: Connection, flusher: Flusher) {
    this.conn = conn
    this.flusher = flusher
  }

  push(bytes: Uint8Array): void {
    this.parts.push(bytes)
    this.size += bytes.length
    if (!this.queued) {
      this.queued = true
      this.flusher.mark(this)
    }
  }

  /** Write what is queued now (also done for every queued outbox at the end of the task). */
  flush(): void {
    this.queued = false
    const parts = this.parts
    const n = parts.length
    if (n === 0) return
    let out: Uint8Array
    if (n === 1) out = parts[0]!
    else {
      out = new Uint8Array(this.size)
      let p = 0
      for (let i = 0; i < n; i++) {
        const b = parts[i]!
        out.set(b, p)
        p += b.length
      }
    }
    parts.length = 0
    this.size = 0
    if (this.conn.closed) return
    if (!this.conn.write(out)) this.onBlocked?.()
  }

  /** Drop what is queued (the connection is gone). */
  clear(): void {
    this.parts.length = 0
    this.size = 0
  }
}
