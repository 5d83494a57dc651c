import { test } from "node:test"
import assert from "node:assert/strict"
import { Effect, Schema, type Scope } from "effect"
import { ConfigError } from "./errors.ts"
import { definePlugin, kind } from "./plugin.ts"
import { makeRegistry, Registry, type RegistryShape } from "./registry.ts"

const Greeter = kind<(name: string) => string>("greeter")
const Other = kind<number>("other")
const hello = definePlugin(Greeter, {
  name: "hello", description: "says hello",
  config: Schema.Struct({ prefix: Schema.String.pipe(Schema.withDecodingDefault(Effect.succeed("hello"))) }),
  make: (c) => Effect.succeed((name: string) => `${c.prefix} ${name}`)
})

test("a duplicate name of the same kind is a tagged error naming it; the same name in another kind is fine", async () => {
  const dup = await Effect.runPromise(Effect.flip(makeRegistry([hello, hello])))
  assert.equal(dup._tag, "RegistryError")
  assert.equal(dup.reason, "DuplicatePlugin")
  assert.match(dup.message, /"hello" of kind "greeter"/)
  const sameNameOtherKind = definePlugin(Other, { name: "hello", description: "", config: Schema.Struct({}), make: () => Effect.succeed(1) })
  const ok = await Effect.runPromise(makeRegistry([hello, sameNameOtherKind]))
  assert.deepEqual(ok.names(Greeter), ["hello"])
})

test("an unknown name is a tagged error listing what is registered", async () => {
  const r = await Effect.runPromise(makeRegistry([hello]))
  const e = await Effect.runPromise(Effect.flip(r.get(Greeter, "bye")))
  assert.equal(e.reason, "UnknownPlugin")
  assert.match(e.message, /unknown greeter plugin "bye" \(registered: hello\)/)
})

test("instantiate decodes the plugin's config with defaults and reports bad config with its JSON path", async () => {
  const r = await Effect.runPromise(makeRegistry([hello]))
  const f = await Effect.runPromise(Effect.scoped(r.instantiate(Greeter, { type: "hello" }, "filters[0]")))
  assert.equal(f("world"), "hello world")
  const g = await Effect.runPromise(Effect.scoped(r.instantiate(Greeter, { name: "hello", config: { prefix: "hi" } }, "x")))
  assert.equal(g("you"), "hi you")
  const bad = await Effect.runPromise(Effect.flip(Effect.scoped(r.instantiate(Greeter, { type: "hello", config: { prefix: 7 } }, "a.filters[2]"))))
  assert.equal(bad._tag, "ConfigError")
  assert.equal(bad.path, "a.filters[2].config.prefix")
  assert.match(bad.message, /^config error at a\.filters\[2\]\.config\.prefix: Expected string/)
  const unknown = await Effect.runPromise(Effect.flip(Effect.scoped(r.instantiate(Greeter, { type: "nope" }, "a"))))
  assert.equal(unknown.path, "a.type")
})

test("a plugin's own ConfigError is reported under its config path; its other errors pass through typed", async () => {
  class Refused extends Schema.TaggedError<Refused>()("Refused", { reason: Schema.Literal("NotNow") }) {}
  const Strict = kind<string, Refused | ConfigError>("strict")
  const strict = definePlugin(Strict, {
    name: "strict", description: "fails on purpose",
    config: Schema.Struct({ mode: Schema.String }),
    make: (c) => c.mode === "refuse" ? Effect.fail(new Refused({ reason: "NotNow" })) : c.mode === "bad" ? Effect.fail(ConfigError.at("mode", "ok")) : Effect.succeed(c.mode)
  })
  const r = await Effect.runPromise(makeRegistry([strict]))
  const refused = await Effect.runPromise(Effect.flip(Effect.scoped(r.instantiate(Strict, { type: "strict", config: { mode: "refuse" } }, "s[0]"))))
  assert.equal(refused._tag, "Refused")
  const bad = await Effect.runPromise(Effect.flip(Effect.scoped(r.instantiate(Strict, { type: "strict", config: { mode: "bad" } }, "s[1]"))))
  assert.equal(bad._tag === "ConfigError" && bad.path, "s[1].config.mode")
})

// Compile-time checks (tsc -p tsconfig.check.json): they fail to type-check if instantiate or definePlugin
// lose their value, error or requirement types (e.g. widen to `any` or `unknown`). Never called.
export const typeChecks = (r: RegistryShape) => {
  const built = r.instantiate(Greeter, { type: "hello" }, "")
  const precise: Effect.Effect<(name: string) => string, ConfigError, Scope.Scope> = built
  // @ts-expect-error the value is the kind's type, not any
  const wrongValue: Effect.Effect<number, ConfigError, Scope.Scope> = built
  // @ts-expect-error the error channel is ConfigError, not unknown
  const noErrors: Effect.Effect<(name: string) => string, never, Scope.Scope> = built
  // @ts-expect-error it needs its Scope: the requirements are not any
  const noScope: Effect.Effect<(name: string) => string, ConfigError> = built
  const tooMuch = definePlugin(Greeter, {
    name: "needs-registry", description: "", config: Schema.Struct({}),
    // @ts-expect-error the greeter kind does not let its plugins use the Registry
    make: () => Registry.useSync(() => (name: string) => name)
  })
  return [precise, wrongValue, noErrors, noScope, tooMuch]
}
