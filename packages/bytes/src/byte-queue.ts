// Append-only receive buffer for streaming decoders: linear copying, and never overwrites handed-out bytes.
import { allocFrame } from "./alloc.ts";

const EMPTY = new Uint8Array(0);

/**
 * Pending bytes live in `buf[start, end)`. A chunk pushed into an empty queue is adopted as-is (no copy),
 * so frames can be views into it. Bytes are only ever appended past `end`; growing allocates a fresh
 * buffer, so views already returned stay valid. `want` (the length of the frame being waited for)
 * caps geometric growth, so a large frame arriving in small chunks is copied O(1) times per byte.
 */
export class ByteQueue {
  buf: Uint8Array = EMPTY;
  start = 0;
  end = 0;
  want = 0;
  private owned = false;

  get length(): number {
    return this.end - this.start;
  }

  push(chunk: Uint8Array): void {
    const n = chunk.length;
    if (n === 0) return;
    if (this.start === this.end) {
      this.buf = chunk;
      this.start = 0;
      this.end = n;
      this.owned = false;
      return;
    }
    if (this.owned && this.buf.length - this.end >= n) {
      this.buf.set(chunk, this.end);
      this.end += n;
      return;
    }
    const pending = this.end - this.start;
    const need = pending + n;
    let cap = Math.max(need, 2 * pending, 256);
    if (this.want > 0) cap = Math.max(need, Math.min(cap, this.want));
    const next = allocFrame(cap);
    next.set(this.buf.subarray(this.start, this.end), 0);
    next.set(chunk, pending);
    this.buf = next;
    this.start = 0;
    this.end = need;
    this.owned = true;
  }

  /** Drops `n` bytes from the front (the caller keeps any view of them). */
  consume(n: number): void {
    this.start += n;
    this.want = 0;
    if (this.start >= this.end) this.clear();
  }

  clear(): void {
    this.buf = EMPTY;
    this.start = 0;
    this.end = 0;
    this.want = 0;
    this.owned = false;
  }
}
