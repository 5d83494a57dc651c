// Minimal hessian2 string writer (for error-response bodies only; the full codec is @mosaic/hessian2).

const CHUNK = 0x8000;

/**
 * Encodes `s` as one hessian2 string. Lengths count UTF-16 code units, as Java's Hessian2Output does,
 * and each unit is written as 1-3 UTF-8 bytes (a surrogate pair becomes two 3-byte sequences, which
 * Java's Hessian2Input reads back). Forms: 0x00-0x1f (length < 32), 0x30-0x33 + 1 byte (< 1024),
 * else 'R' chunks of <= 32768 units ending in an 'S' chunk with a u16 length. A chunk never ends on a
 * high surrogate.
 */
export function encodeHessianString(s: string): Uint8Array {
  const out = new Uint8Array(maxSize(s));
  let p = 0;
  let i = 0;
  const n = s.length;
  if (n < 32) {
    out[p++] = n;
    p = writeUnits(s, 0, n, out, p);
  } else if (n < 1024) {
    out[p++] = 0x30 + (n >> 8);
    out[p++] = n & 0xff;
    p = writeUnits(s, 0, n, out, p);
  } else {
    while (i < n) {
      let len = Math.min(CHUNK, n - i);
      const last = i + len === n;
      if (!last && isHigh(s.charCodeAt(i + len - 1))) len--;
      out[p++] = last ? 0x53 : 0x52;
      out[p++] = len >> 8;
      out[p++] = len & 0xff;
      p = writeUnits(s, i, i + len, out, p);
      i += len;
    }
  }
  return out.subarray(0, p);
}

function maxSize(s: string): number {
  return 3 * s.length + 3 * (Math.floor(s.length / (CHUNK - 1)) + 1);
}

function writeUnits(s: string, from: number, to: number, out: Uint8Array, p: number): number {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) out[p++] = c;
    else if (c < 0x800) {
      out[p++] = 0xc0 | (c >> 6);
      out[p++] = 0x80 | (c & 0x3f);
    } else {
      out[p++] = 0xe0 | (c >> 12);
      out[p++] = 0x80 | ((c >> 6) & 0x3f);
      out[p++] = 0x80 | (c & 0x3f);
    }
  }
  return p;
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
