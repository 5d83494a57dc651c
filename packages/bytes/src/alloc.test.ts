// Tests: slab allocation of encoder output (distinct, zeroed, private views; big frames unpooled).
import assert from "node:assert/strict";
import { test } from "node:test";
import { allocFrame } from "./alloc.ts";

test("views never overlap and start zeroed", () => {
  const views = Array.from({ length: 2000 }, (_, i) => allocFrame(1 + (i % 300)));
  for (const v of views) {
    assert.ok(v.every((b) => b === 0));
    v.fill(0xaa);
  }
  const byBuffer = new Map<ArrayBufferLike, Array<[number, number]>>();
  for (const v of views) {
    const list = byBuffer.get(v.buffer) ?? [];
    list.push([v.byteOffset, v.byteOffset + v.length]);
    byBuffer.set(v.buffer, list);
  }
  for (const list of byBuffer.values()) {
    list.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < list.length; i++) assert.ok(list[i]![0] >= list[i - 1]![1]);
  }
  assert.ok(byBuffer.size > 1);
});

test("frames over 4 KiB get their own buffer", () => {
  const big = allocFrame(5000);
  assert.equal(big.byteOffset, 0);
  assert.equal(big.buffer.byteLength, 5000);
});
