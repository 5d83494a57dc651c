// Pooled copies for the decoder: small ones are carved from @mosaic/bytes' shared slab (never reused).
import { allocFrame } from "@mosaic/bytes"

/** A copy of bytes [start, end) of `src` in pooled memory (a slab view: use `byteOffset` when reading `.buffer`). */
export const copyOf = (src: Uint8Array, start: number, end: number): Uint8Array => {
  const out = allocFrame(end - start)
  out.set(src.subarray(start, end))
  return out
}
