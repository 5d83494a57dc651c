// Tests: SOFA simple-map header encoding (order, empty/null values, malformed input).
import assert from "node:assert/strict";
import { test } from "node:test";
import { BoltError } from "./errors.ts";
import { decodeHeaderMap, encodeHeaderMap } from "./header-map.ts";
import { hex, toHex } from "./vectors.fixture.ts";

test("layout: i32 key length, key, i32 value length, value; order kept", () => {
  const b = encodeHeaderMap([["service", "a:1.0"], ["z", ""], ["b", "x"]]);
  assert.equal(toHex(b), "0000000773657276696365" + "00000005613a312e30" + "000000017a00000000" + "00000001620000000178");
  assert.deepEqual([...decodeHeaderMap(b)], [["service", "a:1.0"], ["z", ""], ["b", "x"]]);
});

test("a -1 value (sofa-bolt-node null) skips the entry", () => {
  assert.deepEqual([...decodeHeaderMap(hex("0000000161ffffffff 000000016200000001 63"))], [["b", "c"]]);
});

test("malformed maps are HeaderMapInvalid", () => {
  for (const h of ["000000", "00000001", "0000000161", "000000016100", "ffffffff00000000", "0000000161fffffffe", "000000016100000005 6263"]) {
    assert.throws(() => decodeHeaderMap(hex(h)), (e: unknown) => e instanceof BoltError && e.reason === "HeaderMapInvalid", h);
  }
});

test("non-ASCII keys and values round-trip (long ones too)", () => {
  const m = new Map([["\u00fcber", "\u4e2d\u6587".repeat(40)], ["k".repeat(100), "\ud83d"]]);
  const back = decodeHeaderMap(encodeHeaderMap(m));
  assert.equal(back.get("\u00fcber"), "\u4e2d\u6587".repeat(40));
  assert.equal(back.get("k".repeat(100)), "\ufffd");
});
