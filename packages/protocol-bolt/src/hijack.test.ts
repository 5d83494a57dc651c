// Tests: error/hijack responses built for a request frame or its raw bytes.
import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeFrame } from "./decode-frame.ts";
import { buildErrorResponse } from "./hijack.ts";
import { BoltStatus } from "./status.ts";
import { CmdCode, CmdType } from "./types.ts";
import { boltV2Frames, toHex, vector } from "./vectors.fixture.ts";

test("v1: same id and codec, RESPONSE cmdcode, given status, no body", () => {
  const req = decodeFrame(vector("SOFA plus req"));
  const out = buildErrorResponse(req, BoltStatus.NO_PROCESSOR);
  // proto 01, type 00, cmdcode 0002, ver2 01, id 00000002, codec 01, status 0006, lengths all 0
  assert.equal(toHex(out), "0100000201000000020100060000000000000000");
  const f = decodeFrame(out);
  assert.equal(f.type, CmdType.RESPONSE);
  assert.equal(f.cmdCode, CmdCode.RESPONSE);
  assert.equal(f.requestId, 2);
  assert.equal(f.status, 6);
});

test("from raw bytes equals from the decoded frame; v2 keeps CRC on", () => {
  const raw = boltV2Frames()[0]!.bytes;
  const a = buildErrorResponse(raw, BoltStatus.TIMEOUT);
  assert.equal(toHex(a), toHex(buildErrorResponse(decodeFrame(raw), BoltStatus.TIMEOUT)));
  const f = decodeFrame(a);
  assert.equal(f.protocol, 2);
  assert.equal(f.ver1, 2);
  assert.equal(f.switchFlags, 1);
  assert.equal(f.status, 7);
  assert.equal(a.length, 22 + 4);
});

test("a heartbeat request gets a heartbeat-cmdcode reply; optional body", () => {
  const f = decodeFrame(buildErrorResponse(vector("SOFA hb"), BoltStatus.SERVER_THREADPOOL_BUSY));
  assert.equal(f.cmdCode, CmdCode.HEARTBEAT);
  const g = decodeFrame(
    buildErrorResponse(vector("SOFA req hessian3.0"), 2, { className: "x.Y", headers: { a: "b" }, content: Uint8Array.of(0x4e) }),
  );
  assert.equal(g.className, "x.Y");
  assert.equal(g.headers.get("a"), "b");
  assert.deepEqual([...g.content], [0x4e]);
});
