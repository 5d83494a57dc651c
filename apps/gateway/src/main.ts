// `npm run gateway [-- -c config.json]`: run the gateway until SIGINT/SIGTERM (drain 2 s, then close).
import { readFileSync } from "node:fs"
import { Effect } from "effect"
import { runMain } from "@mosaic/kernel"
import { runtimeLayer, sidecarPlugins } from "@mosaic/sidecar"
import { gateway } from "./gateway.ts"

const i = process.argv.indexOf("-c")
const path = i >= 0 ? process.argv[i + 1]! : new URL("../configs/gateway.json", import.meta.url).pathname

runMain(Effect.gen(function*() {
  const config: unknown = yield* Effect.try({
    try: () => JSON.parse(readFileSync(path, "utf8")),
    catch: (e) => new Error(`config error: ${path}: ${e instanceof Error ? e.message : String(e)}`)
  })
  const { ports, lifecycle } = yield* gateway(config)
  // the scope closes on a signal; this finalizer, added last, runs first: report DOWN, stop accepting, drain
  yield* Effect.addFinalizer(() => Effect.asVoid(lifecycle.shutdown(2000)))
  console.log(`mosaic gateway listening: ${JSON.stringify(ports)}`)
  return yield* Effect.never
}), runtimeLayer(sidecarPlugins))
