// String hashes for the consistent-hash balancers: 32-bit FNV-1a over UTF-16 units, then a murmur3-style finalizer.

/** A well-mixed unsigned 32-bit hash of `s`; different seeds give independent hashes. */
export const hash32 = (s: string, seed = 0): number => {
  let h = (0x811c9dc5 ^ seed) >>> 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    h = Math.imul(h ^ (c & 0xff), 0x01000193)
    if (c > 0xff) h = Math.imul(h ^ (c >>> 8), 0x01000193)
  }
  // avalanche (fmix32): FNV alone leaves nearby inputs in nearby outputs
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}
