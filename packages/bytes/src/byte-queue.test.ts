// Tests: the receive queue adopts, appends and grows without overwriting bytes already handed out.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ByteQueue } from "./byte-queue.ts";

test("a chunk pushed into an empty queue is adopted without a copy", () => {
  const q = new ByteQueue();
  const c = Uint8Array.of(1, 2, 3);
  q.push(c);
  assert.equal(q.buf, c);
  assert.equal(q.length, 3);
});

test("growing never overwrites a view already handed out; consume and clear reset", () => {
  const q = new ByteQueue();
  q.push(Uint8Array.of(1, 2, 3));
  const view = q.buf.subarray(q.start, q.start + 2);
  q.consume(2);
  q.push(Uint8Array.of(4, 5));
  q.push(Uint8Array.of(6));
  assert.deepEqual([...view], [1, 2]);
  assert.deepEqual([...q.buf.subarray(q.start, q.end)], [3, 4, 5, 6]);
  q.want = 1000;
  q.push(new Uint8Array(10));
  assert.equal(q.length, 14);
  q.consume(14);
  assert.equal(q.length, 0);
  assert.equal(q.want, 0);
});
