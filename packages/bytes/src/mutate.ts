// Test support: deterministic PRNG and golden-frame mutations for the codec fuzz tests.

/** mulberry32: small deterministic PRNG so a failure can be replayed from its iteration number. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The protocol-specific parts of a mutation. */
export interface MutationShape {
  /** Overwrites a byte of the frame's size/length fields with an edge value (draws from `int` as it likes). */
  smashLength(b: Uint8Array, int: (n: number) => number): void;
  /** Random byte overwrites land in the first `headerSpan` bytes. */
  headerSpan: number;
}

/**
 * A mutated copy of `src`, one of: 1-4 bit flips, truncation, 1-16 random bytes inserted, a size field
 * smashed (`shape.smashLength`), or one random byte in the header. `src` is not modified.
 */
export function mutate(src: Uint8Array, rnd: () => number, shape: MutationShape): Uint8Array {
  const int = (n: number) => Math.floor(rnd() * n);
  let b = src.slice();
  const kind = int(5);
  if (kind === 0) {
    for (let k = 1 + int(4); k > 0; k--) b[int(b.length)]! ^= 1 << int(8);
  } else if (kind === 1) {
    b = b.slice(0, int(b.length));
  } else if (kind === 2) {
    const at = int(b.length + 1);
    const ins = Uint8Array.from({ length: 1 + int(16) }, () => int(256));
    const out = new Uint8Array(b.length + ins.length);
    out.set(b.subarray(0, at));
    out.set(ins, at);
    out.set(b.subarray(at), at + ins.length);
    b = out;
  } else if (kind === 3) {
    shape.smashLength(b, int);
  } else {
    b[int(Math.min(b.length, shape.headerSpan))] = int(256);
  }
  return b;
}

/**
 * `count` fuzz inputs as `[iteration, bytes]`: a corpus frame, or 1 in 5 times two frames back to back,
 * then mutated. Lazy, so the caller may draw from the same `rnd` between inputs (e.g. to pick chunk sizes).
 */
export function* mutations(
  corpus: ReadonlyArray<Uint8Array>,
  rnd: () => number,
  count: number,
  shape: MutationShape,
): Generator<[number, Uint8Array]> {
  for (let i = 0; i < count; i++) {
    const a = corpus[Math.floor(rnd() * corpus.length)]!;
    const b = corpus[Math.floor(rnd() * corpus.length)]!;
    const joined = new Uint8Array(a.length + b.length);
    joined.set(a);
    joined.set(b, a.length);
    yield [i, mutate(rnd() < 0.2 ? joined : a, rnd, shape)];
  }
}
