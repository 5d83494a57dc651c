// Streaming TTHeader decoder: chunks of any size in, whole frames (decoded + raw bytes) out.
import { decodeFrameAt, ttheaderFrameLength } from "./decode-frame.ts"
import { resolveLimits, type TTHeaderLimits } from "./layout.ts"
import { createStreamDecoder, type StreamDecoder } from "./stream.ts"
import type { TTHeaderDecoded } from "./types.ts"

export type TTHeaderDecoder = StreamDecoder<TTHeaderDecoded>

/**
 * Frames and their `raw`/`payload` views may point into the pushed chunks: do not reuse a chunk's memory
 * after pushing it. Read until undefined after each push; at most one partial frame is buffered.
 */
export const createTTHeaderDecoder = (limits?: TTHeaderLimits): TTHeaderDecoder => {
  const lim = resolveLimits(limits)
  return createStreamDecoder({
    length: (buf, start, end) => ttheaderFrameLength(buf, start, end, lim),
    parse: (buf, start, total) => ({ frame: decodeFrameAt(buf, start, total, lim), raw: buf.subarray(start, start + total) })
  })
}
