// Streaming Dubbo decoder: push chunks of any size, read whole frames (decoded + raw bytes); the loop is @mosaic/protocol's LengthPrefixedDecoder.
import { ByteQueue } from "@mosaic/bytes";
import { LengthPrefixedDecoder } from "@mosaic/protocol";
import { decodeFrameAt } from "./decode-frame.ts";
import { frameLength } from "./layout.ts";
import { DEFAULT_MAX_BODY_SIZE } from "./types.ts";
import type { DubboDecoded, DubboFrame, DubboLimits } from "./types.ts";

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
  return new LengthPrefixedDecoder<DubboFrame, number>(new ByteQueue(), limits?.maxBodySize ?? DEFAULT_MAX_BODY_SIZE, frameLength, decodeFrameAt);
}
