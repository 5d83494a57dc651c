// Tests: Bolt heartbeat and ack frames against the golden vectors; heartbeat predicates.
import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeFrame } from "./decode-frame.ts";
import {
  encodeHeartbeat,
  encodeHeartbeatAck,
  heartbeatAckFor,
  isHeartbeat,
  isHeartbeatAck,
  isHeartbeatRequest,
} from "./heartbeat.ts";
import { isHeartbeatBytes, isRequestBytes, peekCmdCode, peekCmdType } from "./peek.ts";
import { toHex, vector } from "./vectors.fixture.ts";

test("heartbeat and ack match the sofa-bolt-node vectors", () => {
  assert.equal(toHex(encodeHeartbeat(7, 1, { timeout: 3000 })), toHex(vector("SOFA hb")));
  assert.equal(toHex(encodeHeartbeatAck(7)), toHex(vector("SOFA hb ack")));
  assert.equal(toHex(heartbeatAckFor(decodeFrame(vector("SOFA hb")))), toHex(vector("SOFA hb ack")));
});

test("MOSN-style heartbeat uses timeout -1", () => {
  assert.equal(toHex(encodeHeartbeat(5)), "01010000010000000501ffffffff0000000000000000");
});

test("v2 heartbeat with CRC round-trips and the ack mirrors it", () => {
  const hb = decodeFrame(encodeHeartbeat(3, 2, { crc: true }));
  assert.equal(hb.protocol, 2);
  assert.equal(hb.ver1, 2);
  assert.ok(isHeartbeatRequest(hb));
  const ack = decodeFrame(heartbeatAckFor(hb));
  assert.equal(ack.protocol, 2);
  assert.equal(ack.switchFlags, 1);
  assert.equal(ack.requestId, 3);
  assert.ok(isHeartbeatAck(ack));
});

test("predicates on frames and raw bytes", () => {
  const hb = vector("SOFA hb");
  const req = vector("SOFA req hessian3.0");
  assert.ok(isHeartbeat(decodeFrame(hb)));
  assert.ok(!isHeartbeat(decodeFrame(req)));
  assert.ok(isHeartbeatBytes(hb));
  assert.ok(isHeartbeatBytes(vector("SOFA hb ack")));
  assert.ok(!isHeartbeatBytes(req));
  assert.ok(isRequestBytes(req));
  assert.ok(!isRequestBytes(vector("SOFA res hessian3.0")));
  assert.equal(peekCmdCode(Uint8Array.of(1, 1)), -1);
  assert.equal(peekCmdType(Uint8Array.of(9)), -1);
  assert.equal(peekCmdType(encodeHeartbeatAck(1, 2)), 0);
});
