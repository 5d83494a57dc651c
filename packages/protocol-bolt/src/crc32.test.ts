// Tests: CRC32 check value and the Bolt v2 vectors' trailers.
import assert from "node:assert/strict";
import { test } from "node:test";
import { crc32 } from "./crc32.ts";
import { boltV2Frames } from "./vectors.fixture.ts";

test("IEEE check value", () => {
  assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
  assert.equal(crc32(new Uint8Array(0)), 0);
  assert.equal(crc32(Uint8Array.of(0, 1, 2, 3), 1, 3), crc32(Uint8Array.of(1, 2)));
});

test("trailers of the v2 vectors (ca52486c, 3ac163f0)", () => {
  const [req, res] = boltV2Frames();
  assert.equal(crc32(req!.bytes, 0, req!.bytes.length - 4), 0xca52486c);
  assert.equal(crc32(res!.bytes, 0, res!.bytes.length - 4), 0x3ac163f0);
});

test("slicing matches the bytewise definition at every length and alignment", () => {
  const bitwise = (b: Uint8Array): number => {
    let c = 0xffffffff;
    for (const x of b) {
      c ^= x;
      for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    }
    return (c ^ 0xffffffff) >>> 0;
  };
  const data = Uint8Array.from({ length: 80 }, (_, i) => (i * 131 + 7) & 0xff);
  for (let s = 0; s < 9; s++) for (let e = s; e <= data.length; e++) assert.equal(crc32(data, s, e), bitwise(data.subarray(s, e)));
});
