// Tests: one-shot decoding of the golden Dubbo frames and byte-exact re-encoding.
import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeFrame } from "./decode-frame.ts";
import { encodeFrame, encodeRequest, encodeResponse } from "./encoder.ts";
import { DubboError } from "./errors.ts";
import { dubboFrames, toHex, vector } from "./vectors.fixture.ts";

test("decodes the dubbo2.js echo request", () => {
  const f = decodeFrame(vector("DUBBO dubbo2.js req"));
  assert.equal(f.flag, 0xc2);
  assert.equal(f.request, true);
  assert.equal(f.twoWay, true);
  assert.equal(f.event, false);
  assert.equal(f.serializationId, 2);
  assert.equal(f.status, 0);
  assert.equal(f.requestId, 1);
  assert.equal(f.body.length, 0xa7);
  assert.equal(toHex(f.body.subarray(0, 6)), "05322e302e32"); // "2.0.2"
});

test("decodes responses: OK and SERVER_ERROR", () => {
  const ok = decodeFrame(vector("DUBBO res"));
  assert.equal(ok.request, false);
  assert.equal(ok.status, 20);
  assert.equal(toHex(ok.body), "910568656c6c6f");
  const err = decodeFrame(vector("DUBBO err res"));
  assert.equal(err.status, 80);
  assert.equal(err.requestId, 3);
  assert.equal(err.body.length, 0x3b);
});

test("every golden frame re-encodes byte for byte; body is a view", () => {
  for (const v of dubboFrames()) {
    const f = decodeFrame(v.bytes);
    assert.equal(f.body.buffer, v.bytes.buffer);
    assert.equal(toHex(encodeFrame(f)), toHex(v.bytes), v.name);
  }
});

test("encodeRequest / encodeResponse rebuild the golden frames from parts", () => {
  const req = vector("DUBBO plus req");
  assert.equal(toHex(encodeRequest({ requestId: 2, body: req.subarray(16) })), toHex(req));
  const res = vector("DUBBO plus res");
  assert.equal(toHex(encodeResponse({ requestId: 2, body: res.subarray(16) })), toHex(res));
  const oneway = decodeFrame(encodeRequest({ requestId: 2 ** 40, twoWay: false, serializationId: 6 }));
  assert.equal(oneway.flag, 0x86);
  assert.equal(oneway.requestId, 2 ** 40);
});

test("one-shot errors", () => {
  const reason = (r: string) => (e: unknown) => e instanceof DubboError && e.reason === r;
  const res = vector("DUBBO res");
  assert.throws(() => decodeFrame(res.subarray(0, 22)), reason("Truncated"));
  assert.throws(() => decodeFrame(res.subarray(0, 15)), reason("Truncated"));
  assert.throws(() => decodeFrame(Uint8Array.of(...res, 0)), reason("TrailingBytes"));
  assert.throws(() => decodeFrame(Uint8Array.of(0xda, 0xbc)), reason("BadMagic"));
  assert.throws(() => decodeFrame(res, { maxBodySize: 6 }), reason("BodyTooLarge"));
  assert.throws(() => encodeRequest({ requestId: -1 }), reason("InvalidField"));
  assert.throws(() => encodeRequest({ requestId: 2 ** 53 }), reason("InvalidField"));
  assert.throws(() => encodeRequest({ requestId: 1, serializationId: 32 }), reason("InvalidField"));
});
