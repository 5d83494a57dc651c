// Tests: building Bolt requests/responses from fields reproduces the golden frames; encoder limits.
import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeFrame } from "./decode-frame.ts";
import { encodeRequest, encodeResponse } from "./encoder.ts";
import { BoltError } from "./errors.ts";
import { CmdType, REQUEST_CLASS, RESPONSE_CLASS } from "./types.ts";
import { boltV2Frames, toHex, vector } from "./vectors.fixture.ts";

const SERVICE = "com.example.EchoService:1.0";

test("encodeRequest rebuilds the golden v1 request from its parts", () => {
  const golden = vector("SOFA req hessian4.0");
  const content = golden.subarray(golden.length - 0xef);
  const out = encodeRequest({
    requestId: 1,
    timeout: 3000,
    className: REQUEST_CLASS,
    headers: { service: SERVICE },
    content,
  });
  assert.equal(toHex(out), toHex(golden));
});

test("encodeResponse rebuilds the golden v1 response", () => {
  const golden = vector("SOFA res hessian3.0");
  const out = encodeResponse({ requestId: 1, className: RESPONSE_CLASS, content: golden.subarray(golden.length - 0x67) });
  assert.equal(toHex(out), toHex(golden));
});

test("encodeRequest/Response with crc rebuild the v2 golden frames", () => {
  const [req, res] = boltV2Frames();
  const q = decodeFrame(req!.bytes);
  const s = decodeFrame(res!.bytes);
  const headers = new Map([["service", SERVICE]]);
  assert.equal(
    toHex(encodeRequest({ crc: true, requestId: 1, timeout: 3000, className: REQUEST_CLASS, headers, content: q.content })),
    toHex(req!.bytes),
  );
  assert.equal(toHex(encodeResponse({ crc: true, requestId: 1, className: RESPONSE_CLASS, content: s.content })), toHex(res!.bytes));
});

test("defaults: v1, hessian2, timeout -1, oneway type, headers as pairs with UTF-8", () => {
  const f = decodeFrame(
    encodeRequest({ requestId: 9, type: CmdType.ONEWAY, headers: [["k\u00e9", "v\u{1f600}"], ["", ""]] }),
  );
  assert.equal(f.protocol, 1);
  assert.equal(f.codec, 1);
  assert.equal(f.timeout, -1);
  assert.equal(f.type, CmdType.ONEWAY);
  assert.deepEqual([...f.headers], [["k\u00e9", "v\u{1f600}"], ["", ""]]);
  const v2 = decodeFrame(encodeRequest({ protocol: 2, requestId: 0xffffffff }));
  assert.equal(v2.ver1, 1);
  assert.equal(v2.switchFlags, 0);
  assert.equal(v2.requestId, 0xffffffff);
});

test("encoder rejects oversize fields and bad ids", () => {
  const reason = (r: string) => (e: unknown) => e instanceof BoltError && e.reason === r;
  assert.throws(() => encodeRequest({ requestId: 1, className: "x".repeat(0x10000) }), reason("FieldOverflow"));
  assert.throws(() => encodeRequest({ requestId: 1, headers: { k: "v".repeat(0x10000) } }), reason("FieldOverflow"));
  assert.throws(() => encodeRequest({ requestId: -1 }), reason("InvalidField"));
  assert.throws(() => encodeRequest({ requestId: 2 ** 32 }), reason("InvalidField"));
  assert.throws(() => encodeRequest({ requestId: 1.5 }), reason("InvalidField"));
  assert.throws(() => encodeRequest({ requestId: 1, protocol: 1, crc: true }), reason("InvalidField"));
});
