// Tests: one-shot decoding of the golden Bolt v1/v2 frames, byte-exact re-encoding, one-shot errors.
import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeFrame } from "./decode-frame.ts";
import { encodeFrame } from "./encoder.ts";
import { BoltError } from "./errors.ts";
import { CmdCode, CmdType, REQUEST_CLASS, RESPONSE_CLASS } from "./types.ts";
import { boltFrames, boltV2Frames, toHex, vector } from "./vectors.fixture.ts";

const SERVICE = "com.example.EchoService:1.0";

test("decodes the hessian 3.0 echo request", () => {
  const f = decodeFrame(vector("SOFA req hessian3.0"));
  assert.equal(f.protocol, 1);
  assert.equal(f.type, CmdType.REQUEST);
  assert.equal(f.cmdCode, CmdCode.REQUEST);
  assert.equal(f.ver2, 1);
  assert.equal(f.requestId, 1);
  assert.equal(f.codec, 1);
  assert.equal(f.timeout, 3000);
  assert.equal(f.className, REQUEST_CLASS);
  assert.deepEqual([...f.headers], [["service", SERVICE]]);
  assert.equal(f.content.length, 0xf4);
  assert.equal(f.content[0], 0x4f);
});

test("decodes the echo response and the plus request/response ids", () => {
  const r = decodeFrame(vector("SOFA res hessian3.0"));
  assert.equal(r.type, CmdType.RESPONSE);
  assert.equal(r.cmdCode, CmdCode.RESPONSE);
  assert.equal(r.status, 0);
  assert.equal(r.timeout, 0);
  assert.equal(r.className, RESPONSE_CLASS);
  assert.equal(r.headers.size, 0);
  assert.equal(r.content.length, 0x67);
  assert.equal(decodeFrame(vector("SOFA plus req")).requestId, 2);
  assert.equal(decodeFrame(vector("SOFA plus res")).requestId, 2);
});

test("decodes heartbeat and ack", () => {
  const hb = decodeFrame(vector("SOFA hb"));
  assert.equal(hb.cmdCode, CmdCode.HEARTBEAT);
  assert.equal(hb.type, CmdType.REQUEST);
  assert.equal(hb.requestId, 7);
  assert.equal(hb.timeout, 3000);
  assert.equal(hb.className, "");
  assert.equal(hb.content.length, 0);
  const ack = decodeFrame(vector("SOFA hb ack"));
  assert.equal(ack.type, CmdType.RESPONSE);
  assert.equal(ack.cmdCode, CmdCode.HEARTBEAT);
  assert.equal(ack.requestId, 7);
});

test("content is a view into the frame bytes, not a copy", () => {
  const b = vector("SOFA req hessian4.0");
  const f = decodeFrame(b);
  assert.equal(f.content.buffer, b.buffer);
  assert.equal(f.content.byteOffset, b.length - f.content.length);
});

test("every golden frame (v1 and v2+CRC) re-encodes byte for byte", () => {
  for (const v of [...boltFrames(), ...boltV2Frames()]) {
    assert.equal(toHex(encodeFrame(decodeFrame(v.bytes))), toHex(v.bytes), v.name);
  }
});

test("decodes the v2 CRC vectors", () => {
  const [req, res] = boltV2Frames();
  const q = decodeFrame(req!.bytes);
  assert.equal(q.protocol, 2);
  assert.equal(q.ver1, 2);
  assert.equal(q.switchFlags, 1);
  assert.equal(q.requestId, 1);
  assert.equal(q.timeout, 3000);
  assert.equal(q.className, REQUEST_CLASS);
  assert.equal(q.headers.get("service"), SERVICE);
  assert.equal(q.content.length, 0xcf);
  const s = decodeFrame(res!.bytes);
  assert.equal(s.type, CmdType.RESPONSE);
  assert.equal(s.status, 0);
  assert.equal(s.content.length, 0x67);
});

test("v2 CRC mismatch is CrcMismatch, in the body or the trailer", () => {
  for (const v of boltV2Frames()) {
    for (const at of [30, v.bytes.length - 1]) {
      const b = v.bytes.slice();
      b[at]! ^= 0x01;
      assert.throws(() => decodeFrame(b), (e: unknown) => e instanceof BoltError && e.reason === "CrcMismatch");
    }
  }
});

test("v2 without ver1 == 2 has no trailer even with the switch bit", () => {
  const [req] = boltV2Frames();
  const b = req!.bytes.slice(0, -4);
  b[1] = 1;
  const f = decodeFrame(b);
  assert.equal(f.ver1, 1);
  assert.equal(f.switchFlags, 1);
  assert.equal(toHex(encodeFrame(f)), toHex(b));
});

test("one-shot errors: Truncated, TrailingBytes", () => {
  const isReason = (r: string) => (e: unknown) => e instanceof BoltError && e.reason === r;
  const cut = vector("SOFA err res first 96");
  assert.throws(() => decodeFrame(cut), isReason("Truncated"));
  assert.throws(() => decodeFrame(cut.subarray(0, 10)), isReason("Truncated"));
  assert.throws(() => decodeFrame(new Uint8Array(0)), isReason("Truncated"));
  const hb = vector("SOFA hb");
  const two = new Uint8Array(hb.length + 1);
  two.set(hb);
  two[hb.length] = 1;
  assert.throws(() => decodeFrame(two), isReason("TrailingBytes"));
});
