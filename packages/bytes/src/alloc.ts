// Output allocation for encoders: small frames are carved from a shared slab (like Node's Buffer pool).

const SLAB_SIZE = 64 * 1024;
const MAX_POOLED = 4 * 1024;

let slab = new Uint8Array(0);
let used = 0;

/**
 * A zeroed, never-reused Uint8Array of `n` bytes. Sizes up to 4 KiB are views into a 64 KiB slab
 * (a fresh typed array per frame costs far more than the encode itself); the slab is never written
 * twice, so a view stays valid and private to its caller. The trade-off, as with Node's pool: a kept
 * view keeps its whole slab alive. Views are 8-byte aligned.
 */
export function allocFrame(n: number): Uint8Array {
  if (n > MAX_POOLED) return new Uint8Array(n);
  if (used + n > slab.length) {
    slab = new Uint8Array(SLAB_SIZE);
    used = 0;
  }
  const out = slab.subarray(used, used + n);
  used = (used + n + 7) & ~7;
  return out;
}
