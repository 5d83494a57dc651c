// Tests: bolt/boltv2 plugin config (Layotto's ext.class errors with JSON paths, defaults).
import { test } from "node:test"
import assert from "node:assert/strict"
import { Effect, Layer, Schema } from "effect"
import { type ConfigError, decodeConfig, definePlugin, makeRegistry, Registry, type RegistryError } from "@mosaic/kernel"
import { ProtocolKind } from "@mosaic/protocol"
import { BoltProtocol } from "@mosaic/protocol-bolt"
import { ChannelKind } from "@mosaic/rpc"
import { PipeListeners } from "@mosaic/transport"
import * as NodeTransport from "@mosaic/transport-node"
import { BoltChannelConfig, boltChannelPlugin, BoltV2ChannelConfig, boltV2ChannelPlugin } from "./plugin.ts"

const layers = Layer.mergeAll(NodeTransport.layer, PipeListeners.layer)
const instantiate = (protocol: string, config: Record<string, unknown>) =>
  Effect.runPromise(Effect.scoped(Effect.gen(function*() {
    const r = yield* makeRegistry([boltChannelPlugin, boltV2ChannelPlugin])
    return yield* r.instantiate(ChannelKind, { protocol, config }, "rpcs.mosn.config.channel[0]", { configPath: "rpcs.mosn.config.channel[0]" })
  })).pipe(Effect.provide(layers)))

test("Layotto's ext.class errors are config errors with their JSON path", async () => {
  for (const [config, path, message] of [
    [{ listener: "egress" }, "ext", "missing bolt classname"],
    [{ listener: "egress", ext: {} }, "ext.class", "bolt need class"],
    [{ listener: "egress", ext: { class: 7 } }, "ext.class", "bolt class not string"]
  ] as const) {
    await assert.rejects(instantiate("bolt", config), (e: ConfigError) =>
      e.path === `rpcs.mosn.config.channel[0].${path}` && e.message.endsWith(message))
  }
  await assert.rejects(instantiate("boltv2", { listener: "egress", ext: { class: "X" }, crc: "yes" }), (e: ConfigError) => e.path === "rpcs.mosn.config.channel[0].crc")
  const ch = await instantiate("boltv2", { listener: "egress", size: 4, ext: { class: "com.alipay.sofa.rpc.core.request.SofaRequest" } })
  assert.equal(ch.protocol, "boltv2")
})

test("defaults: size 1, heartbeat 15 s / 3 s / 6 failures, hessian 3.0 (draft), v2 without CRC", async () => {
  const c = await Effect.runPromise(decodeConfig(BoltChannelConfig, { listener: "127.0.0.1:12200", ext: { class: "C" } }))
  assert.deepEqual({ ...c }, {
    listener: "127.0.0.1:12200", size: 1, strategy: "round_robin", connect_timeout_ms: 3000, heartbeat_interval_ms: 15000,
    heartbeat_timeout_ms: 3000, heartbeat_max_failures: 6, max_target_pools: 64, ext: { class: "C" }, hessian_version: "3.0", max_frame_bytes: 16777216, trace: { generate: false }
  })
  const v2 = await Effect.runPromise(decodeConfig(BoltV2ChannelConfig, { listener: "x", ext: { class: "C" } }))
  assert.equal(v2.crc, false)
})

test("the channel takes the registry's protocol of its name when a Registry is in context, else builds its own", async () => {
  const made: Array<string> = []
  const counting = (name: "bolt" | "boltv2") =>
    definePlugin(ProtocolKind, { name, description: "counted", config: Schema.Struct({}), make: () => Effect.sync(() => (made.push(name), new BoltProtocol(name))) })
  const run = (protocol: string, registry: Layer.Layer<Registry, RegistryError> | undefined) =>
    Effect.runPromise(Effect.scoped(Effect.gen(function*() {
      const r = yield* makeRegistry([boltChannelPlugin, boltV2ChannelPlugin])
      const ch = yield* r.instantiate(ChannelKind, { protocol, config: { listener: "egress", ext: { class: "C" } } }, "channel")
      return ch.protocol
    })).pipe(Effect.provide(registry === undefined ? layers : Layer.mergeAll(layers, registry))))
  assert.equal(await run("boltv2", Registry.layer([counting("bolt"), counting("boltv2")])), "boltv2")
  assert.deepEqual(made, ["boltv2"])
  assert.equal(await run("bolt", Registry.layer([counting("boltv2")])), "bolt")
  assert.equal(await run("bolt", undefined), "bolt")
  assert.deepEqual(made, ["boltv2"])
})
