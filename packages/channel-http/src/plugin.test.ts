// Tests: http plugin config defaults, including the trace switch and the optional deadline header.
import { test } from "node:test"
import assert from "node:assert/strict"
import { Effect } from "effect"
import { decodeConfig } from "@mosaic/kernel"
import { HttpChannelConfig } from "./plugin.ts"

test("defaults: size 16, trace.generate off, no deadline header; deadline_header must be a header name", async () => {
  const c = await Effect.runPromise(decodeConfig(HttpChannelConfig, { listener: "egress_runtime_http" }))
  assert.deepEqual({ ...c }, {
    listener: "egress_runtime_http", size: 16, idle_timeout_ms: 60000, connect_timeout_ms: 3000,
    max_response_header_bytes: 65536, max_response_body_bytes: 16777216, trace: { generate: false }
  })
  const on = await Effect.runPromise(decodeConfig(HttpChannelConfig, { listener: "x", trace: { generate: true }, deadline_header: "x-timeout-ms" }))
  assert.deepEqual([on.trace.generate, on.deadline_header], [true, "x-timeout-ms"])
  const bad = await Effect.runPromise(Effect.flip(decodeConfig(HttpChannelConfig, { listener: "x", deadline_header: "bad header" }, "channel[0]")))
  assert.equal(bad.path, "channel[0].deadline_header")
})
