// Tests: dubbo plugin config defaults and service id parsing.
import { test } from "node:test"
import assert from "node:assert/strict"
import { Effect } from "effect"
import { decodeConfig } from "@mosaic/kernel"
import { DubboChannelConfig } from "./plugin.ts"
import { parseServiceId } from "./json-mode.ts"

test("Layotto's dubbo channel config decodes with defaults (heartbeat 60 s, dubbo 2.0.2); ext is accepted", async () => {
  const c = await Effect.runPromise(decodeConfig(DubboChannelConfig, { listener: "egress_dubbo", size: 2, ext: { ignored: true } }))
  assert.deepEqual({ ...c }, {
    listener: "egress_dubbo", size: 2, strategy: "round_robin", connect_timeout_ms: 3000, heartbeat_interval_ms: 60000,
    heartbeat_timeout_ms: 3000, heartbeat_max_failures: 3, max_target_pools: 64, dubbo_version: "2.0.2", max_body_bytes: 8388608, trace: { generate: false }, ext: { ignored: true }
  })
  const bad = await Effect.runPromise(Effect.flip(decodeConfig(DubboChannelConfig, { listener: "x", size: 0 }, "channel[0]")))
  assert.equal(bad.path, "channel[0].size")
})

test("service ids: [group/]interface[:version]", () => {
  assert.deepEqual(parseServiceId("a.B"), { iface: "a.B", version: undefined, group: undefined })
  assert.deepEqual(parseServiceId("g/a.B:1.0.0"), { iface: "a.B", version: "1.0.0", group: "g" })
})
