// Tests: Dubbo heartbeat event frames and predicates.
import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeFrame } from "./decode-frame.ts";
import { encodeRequest } from "./encoder.ts";
import { encodeHeartbeat, encodeHeartbeatReply, isHeartbeat, isHeartbeatRequest } from "./heartbeat.ts";
import { isEventBytes, isRequestBytes, isTwoWayBytes, peekFlag, peekSerializationId } from "./peek.ts";
import { HEARTBEAT, HEARTBEAT_REPLY, toHex, vector } from "./vectors.fixture.ts";

test("heartbeat and reply match the captured frames", () => {
  assert.equal(toHex(encodeHeartbeat(43)), toHex(HEARTBEAT));
  assert.equal(toHex(encodeHeartbeatReply(43)), toHex(HEARTBEAT_REPLY));
});

test("predicates", () => {
  assert.ok(isHeartbeatRequest(decodeFrame(HEARTBEAT)));
  assert.ok(isHeartbeat(decodeFrame(HEARTBEAT_REPLY)));
  assert.ok(!isHeartbeatRequest(decodeFrame(HEARTBEAT_REPLY)));
  assert.ok(!isHeartbeat(decodeFrame(vector("DUBBO dubbo2.js req"))));
  // MOSN's reply body 'N' 'N' and an empty body still count; a readonly event ("R") does not
  assert.ok(isHeartbeat(decodeFrame(encodeRequest({ requestId: 1, event: true, body: Uint8Array.of(0x4e, 0x4e) }))));
  assert.ok(isHeartbeat(decodeFrame(encodeRequest({ requestId: 1, event: true }))));
  assert.ok(!isHeartbeat(decodeFrame(encodeRequest({ requestId: 1, event: true, body: Uint8Array.of(0x01, 0x52) }))));
  assert.ok(isEventBytes(HEARTBEAT));
  assert.ok(isRequestBytes(HEARTBEAT));
  assert.ok(isTwoWayBytes(HEARTBEAT));
  assert.ok(!isRequestBytes(HEARTBEAT_REPLY));
  assert.equal(peekSerializationId(HEARTBEAT), 2);
  assert.equal(peekFlag(Uint8Array.of(0xda)), -1);
});
