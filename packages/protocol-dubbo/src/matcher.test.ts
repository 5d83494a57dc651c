// Tests: Dubbo sniffing on a shared port.
import assert from "node:assert/strict";
import { test } from "node:test";
import { matchDubbo } from "./matcher.ts";
import { dubboFrames } from "./vectors.fixture.ts";

test("golden frames match from two bytes on", () => {
  for (const v of dubboFrames()) {
    assert.equal(matchDubbo(v.bytes.subarray(0, 0)), "again");
    assert.equal(matchDubbo(v.bytes.subarray(0, 1)), "again");
    assert.equal(matchDubbo(v.bytes.subarray(0, 2)), "match");
    assert.equal(matchDubbo(v.bytes), "match");
  }
});

test("others do not", () => {
  assert.equal(matchDubbo(Uint8Array.of(0x01, 0x01)), "no-match");
  assert.equal(matchDubbo(Uint8Array.of(0xda, 0xbc)), "no-match");
  assert.equal(matchDubbo(new TextEncoder().encode("POST")), "no-match");
});
