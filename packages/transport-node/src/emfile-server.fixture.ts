// Test fixture (a child process): a Transport listener echoing bytes; prints "PORT <n>" and each accept-problem line as "LOG <line>".
import { Effect } from "effect"
import { type Connection, Transport } from "@mosaic/transport"
import { layer } from "./node-transport.ts"

const log = (m: string) => console.log(`LOG ${m}`)
const echo = (c: Connection) => c.setHandler({ onData: (b) => void c.write(b), onClose: () => {} })

Effect.runPromise(Effect.scoped(Effect.gen(function*() {
  const transport = yield* Transport
  const handle = yield* transport.listen({ host: "127.0.0.1", port: 0, log }, echo)
  console.log(`PORT ${handle.port}`)
  yield* Effect.never
})).pipe(Effect.provide(layer))).catch((e) => {
  console.log(`FAILED ${String(e)}`)
  process.exit(1)
})
