// Small-buffer allocation from shared slabs (like Node's Buffer pool): one ArrayBuffer serves many messages.

const SLAB_SIZE = 64 * 1024
/** Larger requests get their own ArrayBuffer. */
const MAX_POOLED = 4096

let slab = new ArrayBuffer(SLAB_SIZE)
let offset = 0

/**
 * A zeroed-or-not (do not rely on contents) Uint8Array of `size` bytes. Small ones are views on a
 * shared slab: never transfer or detach their buffer; use `byteOffset` when reading `.buffer`.
 */
export const alloc = (size: number): Uint8Array => {
  if (size > MAX_POOLED) return new Uint8Array(size)
  if (offset + size > SLAB_SIZE) {
    slab = new ArrayBuffer(SLAB_SIZE)
    offset = 0
  }
  const out = new Uint8Array(slab, offset, size)
  offset = (offset + size + 7) & ~7
  return out
}

/** A copy of bytes [start, end) of `src` in pooled memory. */
export const copyOf = (src: Uint8Array, start: number, end: number): Uint8Array => {
  const out = alloc(end - start)
  out.set(src.subarray(start, end))
  return out
}
