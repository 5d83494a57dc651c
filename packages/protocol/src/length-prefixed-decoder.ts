// The one streaming decoder loop of the length-prefixed protocols (Bolt, Dubbo): buffer chunks, size the next frame, decode it whole.
import type { Decoded, FrameDecoder } from "./protocol.ts"

/** The byte queue the loop reads (@mosaic/bytes' ByteQueue): a view buf[start, end) of buffered bytes. */
export interface FrameQueue {
  buf: Uint8Array
  start: number
  end: number
  /** The size of the frame being waited for (lets the queue grow once to fit it). */
  want: number
  readonly length: number
  push(chunk: Uint8Array): void
  consume(n: number): void
  clear(): void
}

/**
 * `frameLength(buf, start, end, limits)`: the whole frame's size once its header is readable (0: need more
 * bytes); throws the protocol's tagged error on a bad or oversized header. `decodeAt(buf, start, total)`
 * decodes one whole frame. Frames and their `raw` views may point into pushed chunks: do not reuse a
 * chunk's memory after pushing it. A decode error is sticky (the stream is out of sync) until reset().
 */
export class LengthPrefixedDecoder<F, L> implements FrameDecoder<F>, Iterable<Decoded<F>> {
  private readonly q: FrameQueue
  private readonly limits: L
  private readonly frameLength: (buf: Uint8Array, start: number, end: number, limits: L) => number
  private readonly decodeAt: (buf: Uint8Array, start: number, total: number) => F
  private failed: unknown = undefined

  constructor(
    queue: FrameQueue,
    limits: L,
    frameLength: (buf: Uint8Array, start: number, end: number, limits: L) => number,
    decodeAt: (buf: Uint8Array, start: number, total: number) => F
  ) {
    this.q = queue
    this.limits = limits
    this.frameLength = frameLength
    this.decodeAt = decodeAt
  }

  /** Bytes buffered but not yet returned as frames. */
  get buffered(): number {
    return this.q.length
  }

  /** Buffers a chunk (no parsing yet); returns the decoder so `for (const d of dec.push(c))` works. */
  push(chunk: Uint8Array): this {
    this.q.push(chunk)
    return this
  }

  /** The next whole frame, or undefined when more bytes are needed. */
  read(): Decoded<F> | undefined {
    if (this.failed !== undefined) throw this.failed
    const q = this.q
    const avail = q.end - q.start
    if (avail === 0) return undefined
    try {
      const total = this.frameLength(q.buf, q.start, q.end, this.limits)
      if (total === 0) return undefined
      if (total > avail) {
        q.want = total
        return undefined
      }
      const start = q.start
      const frame = this.decodeAt(q.buf, start, total)
      const raw = q.buf.subarray(start, start + total)
      q.consume(total)
      return { frame, raw }
    } catch (e) {
      this.failed = e
      throw e
    }
  }

  [Symbol.iterator](): Iterator<Decoded<F>> {
    return {
      next: (): IteratorResult<Decoded<F>> => {
        const value = this.read()
        return value === undefined ? { done: true, value: undefined } : { done: false, value }
      }
    }
  }

  /** The bytes buffered but not yet returned: after a decode error, the bad frame's start. */
  pending(): Uint8Array {
    return this.q.buf.subarray(this.q.start, this.q.end)
  }

  reset(): void {
    this.q.clear()
    this.failed = undefined
  }
}
