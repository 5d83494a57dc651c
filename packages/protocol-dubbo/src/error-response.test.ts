// Tests: Dubbo error responses and the minimal hessian2 string writer.
import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeFrame } from "./decode-frame.ts";
import { buildErrorResponse } from "./error-response.ts";
import { encodeHessianString } from "./hessian-string.ts";
import { DubboStatus } from "./status.ts";
import { toHex, vector } from "./vectors.fixture.ts";

const MSG = "Can not find method: com.example.EchoService:1.0.0#nope()";

test("reproduces the dubbo-remoting SERVER_ERROR reply byte for byte", () => {
  const want = toHex(vector("DUBBO err res"));
  assert.equal(toHex(buildErrorResponse(3, DubboStatus.SERVER_ERROR, MSG)), want);
  const req = vector("DUBBO dubbo2.js req").slice();
  req[11] = 3;
  assert.equal(toHex(buildErrorResponse(req, 80, MSG)), want);
  assert.equal(toHex(buildErrorResponse(decodeFrame(req), 80, MSG)), want);
});

test("hessian2 string forms", () => {
  assert.equal(toHex(encodeHessianString("")), "00");
  assert.equal(toHex(encodeHessianString("hello")), "0568656c6c6f");
  assert.equal(toHex(encodeHessianString("\u00e9")), "01c3a9");
  assert.equal(toHex(encodeHessianString("x".repeat(31)).subarray(0, 1)), "1f");
  assert.equal(toHex(encodeHessianString("x".repeat(32)).subarray(0, 2)), "3020");
  assert.equal(toHex(encodeHessianString("x".repeat(1023)).subarray(0, 2)), "33ff");
  const s1024 = encodeHessianString("x".repeat(1024));
  assert.equal(toHex(s1024.subarray(0, 3)), "530400");
  assert.equal(s1024.length, 3 + 1024);
  // a supplementary character counts as two units, each written as a 3-byte sequence
  assert.equal(toHex(encodeHessianString("\u{1f600}")), "02eda0bdedb880");
});

test("long strings use R chunks, never splitting a surrogate pair", () => {
  const s = "a".repeat(0x8000 - 1) + "\u{1f600}" + "b".repeat(10);
  const b = encodeHessianString(s);
  assert.equal(toHex(b.subarray(0, 3)), "527fff"); // first chunk stops before the high surrogate
  const second = 3 + 0x7fff;
  assert.equal(toHex(b.subarray(second, second + 3)), "53000c");
  assert.equal(b.length, 3 + 0x7fff + 3 + 6 + 10);
  const big = encodeHessianString("z".repeat(0x8000 * 2 + 1));
  assert.equal(toHex(big.subarray(0, 3)), "528000");
  assert.equal(toHex(big.subarray(3 + 0x8000, 6 + 0x8000)), "528000");
  assert.equal(toHex(big.subarray(6 + 0x10000, 9 + 0x10000)), "530001");
});

test("status out of a byte is rejected", () => {
  assert.throws(() => buildErrorResponse(1, 256, "x"));
});
