// Streaming Bolt decoder: push chunks of any size, read whole frames (decoded + raw bytes); the loop is @mosaic/protocol's LengthPrefixedDecoder.
import { ByteQueue } from "@mosaic/bytes";
import { LengthPrefixedDecoder } from "@mosaic/protocol";
import { decodeFrameAt } from "./decode-frame.ts";
import { frameLength, resolveLimits } from "./layout.ts";
import type { Limits } from "./layout.ts";
import type { BoltDecoded, BoltFrame, BoltLimits } from "./types.ts";

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
  return new LengthPrefixedDecoder<BoltFrame, Limits>(new ByteQueue(), resolveLimits(limits), frameLength, decodeFrameAt);
}
