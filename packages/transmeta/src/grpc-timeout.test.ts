// Tests: grpc-timeout units both ways.
import { test } from "node:test"
import assert from "node:assert/strict"
import { formatGrpcTimeout, parseGrpcTimeout } from "./grpc-timeout.ts"

test("every unit parses to ms; sub-ms rounds up; malformed or zero is undefined", () => {
  assert.equal(parseGrpcTimeout("2H"), 7_200_000)
  assert.equal(parseGrpcTimeout("3M"), 180_000)
  assert.equal(parseGrpcTimeout("5S"), 5000)
  assert.equal(parseGrpcTimeout("250m"), 250)
  assert.equal(parseGrpcTimeout("1500u"), 2)
  assert.equal(parseGrpcTimeout("1n"), 1)
  assert.equal(parseGrpcTimeout("99999999m"), 99_999_999)
  for (const bad of ["", "5", "m", "123456789m", "5s", "-5m", "5.5S", "0m", "0n", " 5 m"]) assert.equal(parseGrpcTimeout(bad), undefined, bad)
  assert.equal(parseGrpcTimeout(null), undefined)
})

test("format picks ms while it fits 8 digits, then coarser units rounded up", () => {
  assert.equal(formatGrpcTimeout(1500), "1500m")
  assert.equal(formatGrpcTimeout(0), "1m")
  assert.equal(formatGrpcTimeout(0.2), "1m")
  assert.equal(formatGrpcTimeout(99_999_999), "99999999m")
  assert.equal(formatGrpcTimeout(100_000_000), "100000S")
  assert.equal(formatGrpcTimeout(1e12), "16666667M")
  assert.equal(formatGrpcTimeout(1e14), "27777778H")
  assert.equal(formatGrpcTimeout(1e30), "99999999H")
  for (const ms of [1, 999, 5000, 123_456_789]) assert.ok(parseGrpcTimeout(formatGrpcTimeout(ms))! >= ms)
})
