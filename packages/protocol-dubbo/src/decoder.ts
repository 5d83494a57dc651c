// Streaming Dubbo decoder: push chunks of any size, read whole frames (decoded + raw bytes).
import { ByteQueue } from "@mosaic/bytes";
import { decodeFrameAt } from "./decode-frame.ts";
import { frameLength } from "./layout.ts";
import { DEFAULT_MAX_BODY_SIZE } from "./types.ts";
import type { DubboDecoded, DubboLimits } from "./types.ts";

export interface DubboDecoder extends Iterable<DubboDecoded> {
  /** Buffers a chunk (no parsing yet); returns the decoder so `for (const d of dec.push(c))` works. */
  push(chunk: Uint8Array): DubboDecoder;
  /** The next whole frame, or undefined when more bytes are needed. Throws a sticky DubboError. */
  read(): DubboDecoded | undefined;
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
 * Creates a streaming decoder. Frames (and their `raw`/`body` views) may point into the pushed chunks,
 * so do not reuse a chunk's memory after pushing it. Read until undefined after each push to keep
 * memory bounded (one partial frame, at most 16 + maxBodySize).
 */
export function createDubboDecoder(limits?: DubboLimits): DubboDecoder {
  return new StreamDecoder(limits?.maxBodySize ?? DEFAULT_MAX_BODY_SIZE);
}

class StreamDecoder implements DubboDecoder {
  private readonly q = new ByteQueue();
  private readonly maxBody: number;
  private failed: unknown = undefined;

  constructor(maxBody: number) {
    this.maxBody = maxBody;
  }

  get buffered(): number {
    return this.q.length;
  }

  push(chunk: Uint8Array): DubboDecoder {
    this.q.push(chunk);
    return this;
  }

  read(): DubboDecoded | undefined {
    if (this.failed !== undefined) throw this.failed;
    const q = this.q;
    const avail = q.end - q.start;
    if (avail === 0) return undefined;
    try {
      const total = frameLength(q.buf, q.start, q.end, this.maxBody);
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

  [Symbol.iterator](): Iterator<DubboDecoded> {
    return {
      next: (): IteratorResult<DubboDecoded> => {
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
