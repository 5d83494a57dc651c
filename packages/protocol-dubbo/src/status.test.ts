// Tests: Dubbo status names and mappings.
import assert from "node:assert/strict";
import { test } from "node:test";
import { DubboStatus, dubboErrorMessage, dubboStatusFromProxyCode, dubboStatusName, dubboStatusToGrpc } from "./status.ts";

test("names", () => {
  assert.equal(dubboStatusName(20), "OK");
  assert.equal(dubboStatusName(60), "SERVICE_NOT_FOUND");
  assert.equal(dubboStatusName(100), "SERVER_THREADPOOL_EXHAUSTED_ERROR");
  assert.equal(dubboStatusName(21), "UNKNOWN_STATUS_21");
  assert.equal(DubboStatus.CLIENT_ERROR, 90);
});

test("gRPC mapping and Layotto message", () => {
  assert.equal(dubboStatusToGrpc(20), 0);
  assert.equal(dubboStatusToGrpc(30), 4);
  assert.equal(dubboStatusToGrpc(31), 4);
  assert.equal(dubboStatusToGrpc(31, true), 14);
  for (const s of [40, 50, 60, 70, 80, 90, 100]) assert.equal(dubboStatusToGrpc(s), 14);
  assert.equal(dubboErrorMessage(60), "dubbo error code 60");
});

test("MOSN proxy code -> status", () => {
  const m = [[0, 70], [2, 70], [3, 70], [200, 20], [403, 80], [404, 60], [500, 70], [502, 60], [503, 40], [504, 30], [509, 40]];
  for (const [code, status] of m) assert.equal(dubboStatusFromProxyCode(code!), status, `proxy ${code}`);
});
