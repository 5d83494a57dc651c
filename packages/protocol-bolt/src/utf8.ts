// Small UTF-8 helpers: interned decoding of short strings (class names, header keys repeat) and encoding.

let decoder: TextDecoder | undefined;

const SLOTS = 256;
const MAX_INTERNED = 128;
const cacheBytes: Array<Uint8Array | undefined> = new Array(SLOTS);
const cacheStrings: string[] = new Array(SLOTS).fill("");

/**
 * Decodes `bytes[start, end)`; invalid sequences become U+FFFD. Strings up to 128 bytes go through a
 * 256-slot cache keyed by a hash of the bytes (verified byte for byte), so a repeated class name or
 * header key costs a hash and a compare instead of a decode.
 */
export function readUtf8(bytes: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n === 0) return "";
  if (n > MAX_INTERNED) return decode(bytes, start, end);
  let h = n;
  for (let i = start; i < end; i++) h = (Math.imul(h, 31) + bytes[i]) | 0;
  const slot = (h ^ (h >>> 8) ^ (h >>> 16)) & (SLOTS - 1);
  const cached = cacheBytes[slot];
  if (cached !== undefined && cached.length === n) {
    let i = 0;
    while (i < n && cached[i] === bytes[start + i]) i++;
    if (i === n) return cacheStrings[slot];
  }
  const s = decode(bytes, start, end);
  cacheBytes[slot] = bytes.slice(start, end);
  cacheStrings[slot] = s;
  return s;
}

function decode(bytes: Uint8Array, start: number, end: number): string {
  decoder ??= new TextDecoder();
  return decoder.decode(bytes.subarray(start, end));
}

const encoded = new Map<string, Uint8Array>();

/**
 * UTF-8 bytes of `s`. Strings up to 128 chars are cached (class names, header keys and service names
 * repeat); the cache is dropped when it reaches 512 entries. Callers must not modify the result.
 */
export function utf8Bytes(s: string): Uint8Array {
  if (s.length > MAX_INTERNED) return encodeFresh(s);
  let b = encoded.get(s);
  if (b === undefined) {
    b = encodeFresh(s);
    if (encoded.size >= 512) encoded.clear();
    encoded.set(s, b);
  }
  return b;
}

function encodeFresh(s: string): Uint8Array {
  const b = new Uint8Array(utf8Length(s));
  writeUtf8(s, b, 0);
  return b;
}

/** Number of UTF-8 bytes `s` encodes to (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && isLow(s.charCodeAt(i + 1))) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Writes `s` as UTF-8 at `off`; returns the offset after it. The caller sized `out` with utf8Length. */
export function writeUtf8(s: string, out: Uint8Array, off: number): number {
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[off++] = c;
    } else if (c < 0x800) {
      out[off++] = 0xc0 | (c >> 6);
      out[off++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && isLow(next)) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        out[off++] = 0xf0 | (c >> 18);
        out[off++] = 0x80 | ((c >> 12) & 0x3f);
        out[off++] = 0x80 | ((c >> 6) & 0x3f);
        out[off++] = 0x80 | (c & 0x3f);
      } else {
        out[off++] = 0xef;
        out[off++] = 0xbf;
        out[off++] = 0xbd;
      }
    } else {
      out[off++] = 0xe0 | (c >> 12);
      out[off++] = 0x80 | ((c >> 6) & 0x3f);
      out[off++] = 0x80 | (c & 0x3f);
    }
  }
  return off;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
