// Streaming Bolt decoder: push chunks of any size, read whole frames (decoded + raw bytes).
import { ByteQueue } from "@mosaic/bytes";
import { decodeFrameAt } from "./decode-frame.ts";
import { frameLength, resolveLimits } from "./layout.ts";
import type { Limits } from "./layout.ts";
import type { BoltDecoded, BoltLimits } from "./types.ts";

export interface BoltDecoder extends Iterable<BoltDecoded> {
  /** Buffers a chunk (no parsing yet); returns the decoder so `for (const d of dec.push(c))` works. */
  push(chunk: Uint8Array): BoltDecoder;
  /**
   * The next whole frame, or undefined when more bytes are needed. Throws a BoltError on bad input;
   * the error is sticky (the stream is out of sync) until reset().
   */
  read(): BoltDecoded | undefined;
  /** Bytes buffered but not yet returned as frames. */
  readonly buffered: number;
  /**
   * A view of the bytes buffered but not yet returned as frames: after a decode error, the bad frame's
   * start (e.g. to answer a request whose header is readable before closing the connection).
   */
  pending(): Uint8Array;
  reset(): void;
}

/**
 * Creates a streaming decoder. Frames (and their `raw`/`content` views) may point into the pushed
 * chunks, so do not reuse a chunk's memory after pushing it. Read until undefined after each push to
 * keep memory bounded (one partial frame, at most maxFrameSize).
 */
export function createBoltDecoder(limits?: BoltLimits): BoltDecoder {
  return new StreamDecoder(resolveLimits(limits));
}

class StreamDecoder implements BoltDecoder {
  private readonly q = new ByteQueue();
  private readonly lim: Limits;
  private failed: unknown = undefined;

  constructor(lim: Limits) {
    this.lim = lim;
  }

  get buffered(): number {
    return this.q.length;
  }

  push(chunk: Uint8Array): BoltDecoder {
    this.q.push(chunk);
    return this;
  }

  read(): BoltDecoded | undefined {
    if (this.failed !== undefined) throw this.failed;
    const q = this.q;
    const avail = q.end - q.start;
    if (avail === 0) return undefined;
    try {
      const total = frameLength(q.buf, q.start, q.end, this.lim);
      if (total === 0) return undefined;
      if (total > avail) {
        q.want = total;
        return undefined;
      }
      const start = q.start;
      const frame = decodeFrameAt(q.buf, start, total);
      const raw = q.buf.subarray(start, start + total);
      q.consume(total);
      return { frame, raw };
    } catch (e) {
      this.failed = e;
      throw e;
    }
  }

  [Symbol.iterator](): Iterator<BoltDecoded> {
    return {
      next: (): IteratorResult<BoltDecoded> => {
        const value = this.read();
        return value === undefined ? { done: true, value: undefined } : { done: false, value };
      },
    };
  }

  pending(): Uint8Array {
    return this.q.buf.subarray(this.q.start, this.q.end);
  }

  reset(): void {
    this.q.clear();
    this.failed = undefined;
  }
}
