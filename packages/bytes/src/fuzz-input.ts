// Fuzz inputs: random bytes mixed with multi-step mutations of valid frames, and random chunk splits.
import type { MutationShape } from "./mutate.ts";

/** What a codec tells the input generator about its frames; every field is optional. */
export interface InputShape extends Partial<MutationShape> {
  /** Byte runs worth splicing in (tokens, absurd lengths, magic numbers). */
  readonly dictionary?: ReadonlyArray<Uint8Array>;
  /** Share of pure random inputs (default 0.1); as many again are a frame's first bytes + random bytes. */
  readonly randomShare?: number;
  /** Longest input made, mutations included (default 4096). */
  readonly maxLength?: number;
}

const EDGE = [0, 1, 0x7f, 0x80, 0xff, 0xfe, 0x40, 0x20];

const concat = (...parts: ReadonlyArray<Uint8Array>): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

const randomBytes = (n: number, int: (n: number) => number): Uint8Array => {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = int(256);
  return out;
};

/** One mutation step of `b` (a fresh array or `b` changed in place). */
const step = (b: Uint8Array, corpus: ReadonlyArray<Uint8Array>, int: (n: number) => number, shape: InputShape): Uint8Array => {
  const at = int(b.length + 1);
  switch (int(12)) {
    case 0: // bit flips
      for (let k = 1 + int(4); k > 0 && b.length > 0; k--) b[int(b.length)]! ^= 1 << int(8);
      return b;
    case 1: // a random byte, in the header half the time
      if (b.length > 0) b[int(2) === 0 ? int(Math.min(b.length, shape.headerSpan ?? 16)) : int(b.length)] = int(256);
      return b;
    case 2: // an edge value
      if (b.length > 0) b[int(b.length)] = EDGE[int(EDGE.length)]!;
      return b;
    case 3: // truncate
      return b.subarray(0, at);
    case 4: // insert random bytes
      return concat(b.subarray(0, at), randomBytes(1 + int(16), int), b.subarray(at));
    case 5: // delete a run
      return concat(b.subarray(0, at), b.subarray(at + 1 + int(16)));
    case 6: { // duplicate a run
      const len = 1 + int(32);
      return concat(b.subarray(0, at + len), b.subarray(at, at + len), b.subarray(at + len));
    }
    case 7: { // splice: our head, another frame's tail
      const o = corpus[int(corpus.length)]!;
      return concat(b.subarray(0, at), o.subarray(int(o.length + 1)));
    }
    case 8: // another whole frame appended
      return concat(b, corpus[int(corpus.length)]!);
    case 9: // length / size field edit
      if (shape.smashLength !== undefined && b.length > 0) shape.smashLength(b, int);
      else if (b.length >= 4) b.fill(0xff, int(b.length - 3), int(2) === 0 ? b.length : undefined);
      return b;
    case 10: { // dictionary splice (inserted or overwriting)
      const d = shape.dictionary;
      if (d === undefined || d.length === 0) return b;
      const w = d[int(d.length)]!;
      return int(2) === 0 ? concat(b.subarray(0, at), w, b.subarray(at)) : concat(b.subarray(0, at), w, b.subarray(at + w.length));
    }
    default: { // swap two bytes
      if (b.length > 1) {
        const i = int(b.length);
        const j = int(b.length);
        const t = b[i]!;
        b[i] = b[j]!;
        b[j] = t;
      }
      return b;
    }
  }
};

/**
 * One fuzz input from `rnd`: pure random bytes (`randomShare`), a frame's first bytes followed by random
 * bytes (as often), or a corpus frame (1 in 5 times two back to back) mutated in 1-8 steps: bit flips,
 * random and edge bytes, truncation, inserted/deleted/duplicated runs, splices with other frames, length
 * field edits (`smashLength`) and dictionary words. The corpus is never modified.
 */
export function fuzzInput(corpus: ReadonlyArray<Uint8Array>, rnd: () => number, shape: InputShape = {}): Uint8Array {
  const int = (n: number) => Math.floor(rnd() * n);
  const max = shape.maxLength ?? 4096;
  const share = shape.randomShare ?? 0.1;
  const r = rnd();
  if (r < share || corpus.length === 0) return randomBytes(int(2) === 0 ? int(16) : int(int(8) === 0 ? 1024 : 128), int);
  const a = corpus[int(corpus.length)]!;
  if (r < 2 * share) return concat(a.subarray(0, int(Math.min(a.length, 24) + 1)), randomBytes(int(256), int));
  let b = int(5) === 0 ? concat(a, corpus[int(corpus.length)]!) : a.slice();
  const steps = 1 + (int(3) === 0 ? int(8) : int(2));
  for (let k = 0; k < steps; k++) {
    b = step(b, corpus, int, shape);
    if (b.length > max) b = b.subarray(0, max);
  }
  return b;
}

/**
 * `input` cut into chunks for a streaming decoder: whole (30%), byte by byte when short (10%), or at
 * 1-8 random points. The chunks are views of `input`.
 */
export function randomChunks(input: Uint8Array, rnd: () => number): Array<Uint8Array> {
  const int = (n: number) => Math.floor(rnd() * n);
  const r = rnd();
  if (r < 0.3 || input.length < 2) return [input];
  if (r < 0.4 && input.length <= 256) return Array.from(input, (_, i) => input.subarray(i, i + 1));
  const cuts = Array.from({ length: 1 + int(8) }, () => int(input.length + 1)).sort((x, y) => x - y);
  const out: Array<Uint8Array> = [];
  let prev = 0;
  for (const c of [...cuts, input.length]) {
    out.push(input.subarray(prev, c));
    prev = c;
  }
  return out;
}

/** Text as bytes (for dictionaries and text corpora). */
export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
