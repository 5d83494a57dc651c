// The README's example, type-checked by tsc and run by greeter.example.test.ts: a kind, a plugin, a registry, one program entry.
import { Context, Effect, Layer, Schema } from "effect"
import { definePlugin, kind, makeRegistry, startMain } from "@mosaic/kernel"

// a service greeters may use
export class Punctuation extends Context.Service<Punctuation, { readonly mark: string }>()("example/Punctuation") {
  static readonly layer = Layer.succeed(Punctuation, { mark: "!" })
  static readonly layerTest = (mark: string) => Layer.succeed(Punctuation, { mark })
}

// an open kind: what its plugins build, may fail with (nothing) and may use (Punctuation)
export const Greeter = kind<(name: string) => string, never, Punctuation>("greeter")

export const hello = definePlugin(Greeter, {
  name: "hello",
  description: "says hello",
  config: Schema.Struct({ prefix: Schema.String.pipe(Schema.withDecodingDefault(Effect.succeed("hello"))) }),
  make: (c) =>
    Effect.gen(function*() {
      const { mark } = yield* Punctuation
      return (name: string) => `${c.prefix} ${name}${mark}`
    })
})

// Effect<(name: string) => string, RegistryError | ConfigError, Punctuation | Scope>: no cast anywhere
export const greeter = (config: unknown) =>
  Effect.gen(function*() {
    const registry = yield* makeRegistry([hello]) // duplicates: RegistryError "DuplicatePlugin"
    return yield* registry.instantiate(Greeter, { type: "hello", config }, "greeters[0]")
  })

export const main = async (): Promise<string> => {
  const running = await startMain(greeter({ prefix: "hi" }), Punctuation.layer)
  try {
    return running.value("you") // "hi you!"
  } finally {
    await running.close()
  }
  // `greeter({ prefix: 7 })` rejects with ConfigError "config error at greeters[0].config.prefix: Expected string, got 7"
}
