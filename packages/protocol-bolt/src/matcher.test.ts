// Tests: Bolt sniffing on a shared port, including the TTHeader/framed length collision.
import assert from "node:assert/strict";
import { test } from "node:test";
import { matchBolt } from "./matcher.ts";
import { boltFrames, boltV2Frames, vector } from "./vectors.fixture.ts";

test("every golden Bolt frame matches, and so does every prefix of >= 5/6 bytes", () => {
  for (const v of [...boltFrames(), ...boltV2Frames()]) {
    const need = v.bytes[0] === 1 ? 5 : 6;
    for (let i = 0; i <= 24; i++) assert.equal(matchBolt(v.bytes.subarray(0, i)), i < need ? "again" : "match", `${v.name} ${i}`);
  }
});

test("other protocols do not match", () => {
  assert.equal(matchBolt(vector("DUBBO res")), "no-match");
  assert.equal(matchBolt(new TextEncoder().encode("GET / HTTP/1.1")), "no-match");
  assert.equal(matchBolt(new TextEncoder().encode("PRI * HTTP/2.0")), "no-match");
  assert.equal(matchBolt(Uint8Array.of(0x80, 0x01, 0, 1)), "no-match");
});

test("a >= 16 MiB TTHeader / framed Thrift length starting 0x01 or 0x02 is rejected", () => {
  assert.equal(matchBolt(Uint8Array.of(0x01, 0x20, 0x00, 0x00, 0x10, 0x00, 0, 0)), "no-match");
  assert.equal(matchBolt(Uint8Array.of(0x01, 0x00, 0x00, 0x10, 0x80, 0x01, 0, 1)), "no-match");
  assert.equal(matchBolt(Uint8Array.of(0x02, 0x00, 0x10, 0x00, 0x10, 0x00)), "no-match");
  assert.equal(matchBolt(Uint8Array.of(0x01, 0x00, 0x01)), "no-match");
  assert.equal(matchBolt(Uint8Array.of(0x01, 0x01, 0x00)), "again");
});
