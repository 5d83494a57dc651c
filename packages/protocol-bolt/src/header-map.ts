// SOFA "simple map" header section: repeated (i32 keyLen, key, i32 valueLen, value), no count prefix.
import { BoltError } from "./errors.ts";
import { readUtf8, utf8Bytes } from "./utf8.ts";

/** Anything the encoder accepts as a header map. */
export type HeaderInput = Map<string, string> | Iterable<readonly [string, string]> | Record<string, string>;

/**
 * Decodes `bytes[start, end)` into an ordered Map. A value length of -1 (null) skips the entry, as MOSN
 * does; 0 gives "". Any other negative length or a length past `end` is HeaderMapInvalid.
 */
export function decodeHeaderMap(bytes: Uint8Array, start = 0, end = bytes.length): Map<string, string> {
  const map = new Map<string, string>();
  let p = start;
  while (p < end) {
    if (end - p < 4) throw invalid("key length cut short");
    const kl = readI32(bytes, p);
    p += 4;
    if (kl < 0 || kl > end - p) throw invalid(`key length ${kl}`);
    const key = readUtf8(bytes, p, p + kl);
    p += kl;
    if (end - p < 4) throw invalid("value length cut short");
    const vl = readI32(bytes, p);
    p += 4;
    if (vl === -1) continue;
    if (vl < 0 || vl > end - p) throw invalid(`value length ${vl}`);
    map.set(key, readUtf8(bytes, p, p + vl));
    p += vl;
  }
  return map;
}

/** Entries of any HeaderInput, in order. */
export function headerEntries(h: HeaderInput): Iterable<readonly [string, string]> {
  if (h instanceof Map) return h;
  if (Symbol.iterator in h) return h as Iterable<readonly [string, string]>;
  return Object.entries(h as Record<string, string>);
}

/**
 * The map as alternating key/value UTF-8 byte arrays, plus its encoded size; one pass over the input.
 * Feed the result to writeHeaderParts.
 */
export function headerParts(h: HeaderInput | undefined): { parts: Uint8Array[]; size: number } {
  const parts: Uint8Array[] = [];
  let size = 0;
  if (h !== undefined) {
    for (const [k, v] of headerEntries(h)) {
      const kb = utf8Bytes(k);
      const vb = utf8Bytes(v);
      parts.push(kb, vb);
      size += 8 + kb.length + vb.length;
    }
  }
  return { parts, size };
}

/** Writes parts from headerParts at `off`; returns the offset after them. */
export function writeHeaderParts(parts: Uint8Array[], out: Uint8Array, off: number): number {
  for (let i = 0; i < parts.length; i++) {
    const b = parts[i];
    const n = b.length;
    out[off] = n >>> 24;
    out[off + 1] = n >>> 16;
    out[off + 2] = n >>> 8;
    out[off + 3] = n;
    off += 4;
    if (n < 48) for (let j = 0; j < n; j++) out[off + j] = b[j];
    else out.set(b, off);
    off += n;
  }
  return off;
}

/** Standalone encoding of a header map. */
export function encodeHeaderMap(h: HeaderInput): Uint8Array {
  const { parts, size } = headerParts(h);
  const out = new Uint8Array(size);
  writeHeaderParts(parts, out, 0);
  return out;
}

function readI32(b: Uint8Array, p: number): number {
  return (b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3];
}

function invalid(msg: string): BoltError {
  return new BoltError("HeaderMapInvalid", msg);
}
