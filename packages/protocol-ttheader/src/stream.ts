// A generic streaming frame decoder: push chunks, read whole frames; framing and parsing are plugged in.
import { ByteQueue } from "./byte-queue.ts"

export interface StreamDecoder<T> extends Iterable<T> {
  /** Buffers a chunk (no parsing yet); returns the decoder so `for (const f of dec.push(c))` works. */
  push(chunk: Uint8Array): StreamDecoder<T>
  /** The next whole frame, or undefined when more bytes are needed. Errors are sticky until reset(). */
  read(): T | undefined
  /** Bytes buffered but not yet returned as frames. */
  readonly buffered: number
  reset(): void
}

/** `length` returns the frame size at `start` (0 = need more bytes); `parse` turns those bytes into a frame. */
export interface Framing<T> {
  length(buf: Uint8Array, start: number, end: number): number
  parse(buf: Uint8Array, start: number, total: number): T
  /** Forget any state kept between `length` calls. */
  reset?(): void
}

class Decoder<T> implements StreamDecoder<T> {
  private readonly q = new ByteQueue()
  private readonly framing: Framing<T>
  private failed: unknown = undefined

  constructor(framing: Framing<T>) {
    this.framing = framing
  }

  get buffered(): number {
    return this.q.length
  }

  push(chunk: Uint8Array): StreamDecoder<T> {
    this.q.push(chunk)
    return this
  }

  read(): T | undefined {
    if (this.failed !== undefined) throw this.failed
    const q = this.q
    const avail = q.end - q.start
    if (avail === 0) return undefined
    try {
      const total = this.framing.length(q.buf, q.start, q.end)
      if (total === 0) return undefined
      if (total > avail) {
        q.want = total
        return undefined
      }
      const frame = this.framing.parse(q.buf, q.start, total)
      q.consume(total)
      return frame
    } catch (e) {
      this.failed = e
      throw e
    }
  }

  [Symbol.iterator](): Iterator<T> {
    return {
      next: (): IteratorResult<T> => {
        const value = this.read()
        return value === undefined ? { done: true, value: undefined } : { done: false, value }
      }
    }
  }

  reset(): void {
    this.q.clear()
    this.failed = undefined
    this.framing.reset?.()
  }
}

export const createStreamDecoder = <T>(framing: Framing<T>): StreamDecoder<T> => new Decoder(framing)
