// Tests: Bolt status names and the gRPC mapping.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  BoltStatus,
  boltErrorMessage,
  boltStatusFromProxyCode,
  boltStatusName,
  boltStatusToGrpc,
  boltStatusToHttp,
} from "./status.ts";

test("codes and names", () => {
  assert.equal(BoltStatus.CONNECTION_CLOSED, 16);
  assert.equal(BoltStatus.SERVER_SERIAL_EXCEPTION, 17);
  assert.equal(BoltStatus.SERVER_DESERIAL_EXCEPTION, 18);
  assert.equal(boltStatusName(4), "SERVER_THREADPOOL_BUSY");
  assert.equal(boltStatusName(0x12), "SERVER_DESERIAL_EXCEPTION");
  assert.equal(boltStatusName(0x42), "UNKNOWN_STATUS_66");
});

test("gRPC mapping (Layotto, TIMEOUT -> DEADLINE_EXCEEDED unless strict)", () => {
  assert.equal(boltStatusToGrpc(0), 0);
  for (const s of [9, 17, 18]) assert.equal(boltStatusToGrpc(s), 13);
  for (const s of [1, 2, 3, 4, 5, 6, 8, 16, 99]) assert.equal(boltStatusToGrpc(s), 14);
  assert.equal(boltStatusToGrpc(7), 4);
  assert.equal(boltStatusToGrpc(7, true), 14);
  assert.equal(boltErrorMessage(18), "bolt error code 18, SERVER_DESERIAL_EXCEPTION");
  assert.equal(boltErrorMessage(6), "bolt error code 6");
});

test("MOSN proxy-code and HTTP mappings", () => {
  const m = [[200, 0], [404, 6], [502, 6], [503, 4], [0, 9], [3, 18], [504, 7], [403, 2], [500, 3]];
  for (const [code, status] of m) assert.equal(boltStatusFromProxyCode(code!), status, `proxy ${code}`);
  const h = [[0, 200], [4, 503], [7, 504], [16, 502], [2, 500]];
  for (const [status, http] of h) assert.equal(boltStatusToHttp(status!), http, `status ${status}`);
});
