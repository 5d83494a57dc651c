// Tests: a sidecar request's metadata (header as gRPC metadata, the request's deadline, optional new trace).
import { test } from "node:test"
import assert from "node:assert/strict"
import { requestMeta } from "./request-meta.ts"

test("header read as gRPC metadata; the request's deadline wins over grpc-timeout; a trace only when asked", () => {
  const m = requestMeta({ header: { traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "grpc-timeout": "1S" }, deadline: 42 }, true)
  assert.equal(m.trace?.traceId, "4bf92f3577b34da6a3ce929d0e0e4736")
  assert.equal(m.deadline, 42)
  const none = requestMeta({ header: {}, deadline: Number.POSITIVE_INFINITY }, false)
  assert.equal(none.trace, undefined)
  assert.equal(none.deadline, undefined)
  const made = requestMeta({ header: {}, deadline: 1 }, true)
  assert.match(made.trace?.traceId ?? "", /^[0-9a-f]{32}$/)
})
