// A process run by runMain for run-main.test.ts: `serve` prints READY and serves until a signal; `fail` fails at start.
import { Effect, Layer, Context } from "effect"
import { ConfigError, runMain } from "@mosaic/kernel"

class Log extends Context.Service<Log, { readonly line: (s: string) => void }>()("test/Log") {
  static readonly layer = Layer.effect(Log, Effect.acquireRelease(
    Effect.sync(() => ({ line: (s: string) => console.log(s) })),
    () => Effect.sync(() => console.log("layer released"))
  ))
}

const mode = process.argv[2]
runMain(Effect.gen(function*() {
  const log = yield* Log
  yield* Effect.addFinalizer(() => Effect.sync(() => log.line("resource closed")))
  if (mode === "fail") return yield* ConfigError.at("servers[0].port", "a port number")
  // registered last, runs first: like a drain before the listeners close
  yield* Effect.addFinalizer(() => Effect.promise(() => new Promise((r) => setTimeout(r, 50))).pipe(Effect.andThen(Effect.sync(() => log.line("drained")))))
  log.line("READY")
  return yield* Effect.never
}), Log.layer)
