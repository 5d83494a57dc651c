import { test } from "node:test"
import assert from "node:assert/strict"
import { Effect } from "effect"
import { Transport, type Connection } from "@mosaic/transport"
import { dialTcp, layer } from "./node-transport.ts"

test("listen, dial, echo, and close by scope", async () => {
  await Effect.runPromise(Effect.scoped(Effect.gen(function*() {
    const transport = yield* Transport
    const handle = yield* transport.listen({ host: "127.0.0.1", port: 0 }, (c: Connection) => {
      c.setHandler({ onData: (b) => void c.write(b), onClose: () => {} })
    })
    assert.ok(handle.port > 0)
    const client = yield* Effect.promise(() => dialTcp({ host: "127.0.0.1", port: handle.port, timeoutMs: 1000 }))
    const got = yield* Effect.promise(() => new Promise<string>((resolve) => {
      client.setHandler({ onData: (b) => resolve(new TextDecoder().decode(b)), onClose: () => {} })
      client.write(new TextEncoder().encode("ping"))
    }))
    assert.equal(got, "ping")
    client.destroy()
  })).pipe(Effect.provide(layer)))
})

test("dial to a closed port fails with ConnectFailed", async () => {
  await assert.rejects(dialTcp({ host: "127.0.0.1", port: 1, timeoutMs: 1000 }), (e: any) => e._tag === "TransportError" && e.reason === "ConnectFailed")
})
