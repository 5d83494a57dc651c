// Receive buffer for the streaming decoders: adopts a chunk when empty, appends otherwise, never overwrites handed-out bytes.

const EMPTY = new Uint8Array(0)

/** Pending bytes are `buf[start, end)`. Growth allocates a fresh buffer, so views already returned stay valid. */
export class ByteQueue {
  buf: Uint8Array = EMPTY
  start = 0
  end = 0
  /** Size of the frame being waited for; bounds the next allocation. */
  want = 0
  private owned = false

  get length(): number {
    return this.end - this.start
  }

  push(chunk: Uint8Array): void {
    const n = chunk.length
    if (n === 0) return
    if (this.start === this.end) {
      this.buf = chunk
      this.start = 0
      this.end = n
      this.owned = false
      return
    }
    if (this.owned && this.buf.length - this.end >= n) {
      this.buf.set(chunk, this.end)
      this.end += n
      return
    }
    const pending = this.end - this.start
    const need = pending + n
    let cap = Math.max(need, 2 * pending, 256)
    // Geometric growth, but never past the frame being waited for.
    if (this.want >= need) cap = Math.min(cap, this.want)
    const next = new Uint8Array(cap)
    next.set(this.buf.subarray(this.start, this.end), 0)
    next.set(chunk, pending)
    this.buf = next
    this.start = 0
    this.end = need
    this.owned = true
  }

  consume(n: number): void {
    this.start += n
    this.want = 0
    if (this.start >= this.end) this.clear()
  }

  clear(): void {
    this.buf = EMPTY
    this.start = 0
    this.end = 0
    this.want = 0
    this.owned = false
  }
}
