// Tests: the servers find their protocol in the kernel Registry by name when one is in context, else build their own.
import { test } from "node:test"
import assert from "node:assert/strict"
import { Effect, Layer, Schema } from "effect"
import { definePlugin, Registry } from "@mosaic/kernel"
import { ProtocolKind } from "@mosaic/protocol"
import { BoltProtocol, createBoltDecoder, encodeHeartbeat } from "@mosaic/protocol-bolt"
import { Transport } from "@mosaic/transport"
import * as NodeTransport from "@mosaic/transport-node"
import { makeBoltServer } from "./servers.ts"

/** Start a Bolt server, send one heartbeat over TCP, and return the ack's request id. */
const heartbeatRoundTrip = Effect.gen(function*() {
  const server = yield* makeBoltServer({ services: {} })
  const transport = yield* Transport
  const conn = yield* Effect.promise(() => transport.dial({ host: "127.0.0.1", port: server.port, timeoutMs: 5_000 }))
  const decoder = createBoltDecoder()
  const ackId = yield* Effect.promise(() => new Promise<number>((resolve) => {
    conn.setHandler({ onData: (c) => { const d = decoder.push(c).read(); if (d !== undefined) resolve(d.frame.requestId) }, onClose: () => resolve(-1) })
    conn.write(encodeHeartbeat(41, 1))
  }))
  conn.destroy()
  return ackId
})

test("makeBoltServer answers with the registry's bolt protocol when one is registered, else its own", async () => {
  let decoders = 0
  class Counting extends BoltProtocol {
    override createDecoder() {
      decoders++
      return super.createDecoder()
    }
  }
  const counting = definePlugin(ProtocolKind, { name: "bolt", description: "bolt that counts its decoders", config: Schema.Struct({}), make: () => Effect.succeed(new Counting("bolt")) })
  const withRegistry = Layer.mergeAll(NodeTransport.layer, Registry.layer([counting]))
  assert.equal(await Effect.runPromise(Effect.scoped(heartbeatRoundTrip).pipe(Effect.provide(withRegistry))), 41)
  assert.equal(decoders, 1)
  const otherName = Layer.mergeAll(NodeTransport.layer, Registry.layer([definePlugin(ProtocolKind, { ...counting, name: "boltv2" })]))
  assert.equal(await Effect.runPromise(Effect.scoped(heartbeatRoundTrip).pipe(Effect.provide(otherName))), 41)
  assert.equal(await Effect.runPromise(Effect.scoped(heartbeatRoundTrip).pipe(Effect.provide(NodeTransport.layer))), 41)
  assert.equal(decoders, 1)
})
