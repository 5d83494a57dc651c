import { test } from "node:test"
import assert from "node:assert/strict"
import { Code, codeFromHttpStatus, codeMeaning, codeName } from "./status.ts"

test("HTTP statuses map to gRPC codes as Dapr does; every code is documented", () => {
  assert.equal(codeFromHttpStatus(200), Code.OK)
  assert.equal(codeFromHttpStatus(204), Code.OK)
  assert.equal(codeFromHttpStatus(404), Code.NOT_FOUND)
  assert.equal(codeFromHttpStatus(503), Code.UNAVAILABLE)
  assert.equal(codeFromHttpStatus(504), Code.DEADLINE_EXCEEDED)
  assert.equal(codeFromHttpStatus(418), Code.UNKNOWN)
  for (const name of Object.keys(Code)) assert.ok(codeMeaning[name as keyof typeof Code].length > 0)
  assert.equal(codeName(14), "UNAVAILABLE")
})
