// Tests: in-place request-id read/rewrite on raw Bolt frames, v1, v2 and v2 with CRC recomputation.
import assert from "node:assert/strict";
import { test } from "node:test";
import { crc32 } from "./crc32.ts";
import { decodeFrame } from "./decode-frame.ts";
import { encodeFrame } from "./encoder.ts";
import { BoltError } from "./errors.ts";
import { readRequestId, writeRequestId } from "./request-id.ts";
import { boltFrames, boltV2Frames, toHex } from "./vectors.fixture.ts";

test("read and rewrite the id of every golden frame in place", () => {
  for (const v of [...boltFrames(), ...boltV2Frames()]) {
    const b = v.bytes.slice();
    const before = decodeFrame(v.bytes);
    assert.equal(readRequestId(b), before.requestId, v.name);
    writeRequestId(b, 0xdeadbeef);
    assert.equal(readRequestId(b), 0xdeadbeef);
    const after = decodeFrame(b); // CRC still valid for v2
    assert.equal(after.requestId, 0xdeadbeef);
    assert.equal(toHex(encodeFrame({ ...before, requestId: 0xdeadbeef })), toHex(b), v.name);
  }
});

test("id offsets: v1 at 5, v2 at 6; the v2 CRC trailer is recomputed", () => {
  const v1 = boltFrames()[0]!.bytes.slice();
  writeRequestId(v1, 0x01020304);
  assert.deepEqual([...v1.subarray(5, 9)], [1, 2, 3, 4]);
  const v2 = boltV2Frames()[0]!.bytes.slice();
  writeRequestId(v2, 0x01020304);
  assert.deepEqual([...v2.subarray(6, 10)], [1, 2, 3, 4]);
  const end = v2.length - 4;
  assert.equal(new DataView(v2.buffer).getUint32(end), crc32(v2, 0, end));
  assert.notEqual(toHex(v2.subarray(end)), "ca52486c");
});

test("bad input is a tagged error", () => {
  const reason = (r: string) => (e: unknown) => e instanceof BoltError && e.reason === r;
  assert.throws(() => readRequestId(Uint8Array.of(0xda, 0xbb)), reason("UnknownProtocol"));
  assert.throws(() => readRequestId(Uint8Array.of(1, 1, 0)), reason("Truncated"));
  assert.throws(() => writeRequestId(boltFrames()[0]!.bytes.slice(), -3), reason("InvalidField"));
});
