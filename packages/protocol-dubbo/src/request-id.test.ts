// Tests: in-place u64 request-id read/rewrite on raw Dubbo frames (number and bigint forms).
import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeFrame } from "./decode-frame.ts";
import { DubboError } from "./errors.ts";
import { readRequestId, readRequestIdBig, writeRequestId, writeRequestIdBig } from "./request-id.ts";
import { dubboFrames, toHex, vector } from "./vectors.fixture.ts";

test("read and rewrite every golden frame's id in place, all 8 bytes", () => {
  for (const v of dubboFrames()) {
    const b = v.bytes.slice();
    assert.equal(readRequestId(b), decodeFrame(v.bytes).requestId);
    b.fill(0xff, 4, 12);
    writeRequestId(b, 0x12345678);
    assert.equal(toHex(b.subarray(4, 12)), "0000000012345678");
    assert.equal(decodeFrame(b).requestId, 0x12345678);
    assert.equal(toHex(b.subarray(12)), toHex(v.bytes.subarray(12)));
  }
});

test("ids above 2^32 and up to 2^53 - 1 as numbers; full u64 as bigint", () => {
  const b = vector("DUBBO res").slice();
  writeRequestId(b, Number.MAX_SAFE_INTEGER);
  assert.equal(toHex(b.subarray(4, 12)), "001fffffffffffff");
  assert.equal(readRequestId(b), Number.MAX_SAFE_INTEGER);
  writeRequestId(b, 2 ** 32 + 5);
  assert.equal(toHex(b.subarray(4, 12)), "0000000100000005");
  writeRequestIdBig(b, 0xfedcba9876543210n);
  assert.equal(toHex(b.subarray(4, 12)), "fedcba9876543210");
  assert.equal(readRequestIdBig(b), 0xfedcba9876543210n);
  const sub = new Uint8Array(40).subarray(3, 3 + b.length);
  sub.set(b);
  writeRequestIdBig(sub, 7n);
  assert.equal(readRequestIdBig(sub), 7n);
});

test("bad ids and frames are tagged errors", () => {
  const reason = (r: string) => (e: unknown) => e instanceof DubboError && e.reason === r;
  const b = vector("DUBBO res").slice();
  assert.throws(() => writeRequestId(b, -1), reason("InvalidField"));
  assert.throws(() => writeRequestId(b, 2 ** 53), reason("InvalidField"));
  assert.throws(() => writeRequestId(b, 0.5), reason("InvalidField"));
  assert.throws(() => writeRequestIdBig(b, 1n << 64n), reason("InvalidField"));
  assert.throws(() => readRequestId(b.subarray(0, 11)), reason("Truncated"));
  assert.throws(() => readRequestId(Uint8Array.of(1, 1, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1)), reason("BadMagic"));
});
