import { test } from "node:test"
import assert from "node:assert/strict"
import { Effect, Schema } from "effect"
import { definePlugin, kind } from "./plugin.ts"
import { makeRegistry } from "./registry.ts"

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
  const f = await Effect.runPromise(Effect.scoped(r.instantiate(Greeter, { type: "hello" }, "filters[0]")) as Effect.Effect<(n: string) => string>)
  assert.equal(f("world"), "hello world")
  const g = await Effect.runPromise(Effect.scoped(r.instantiate(Greeter, { name: "hello", config: { prefix: "hi" } }, "x")) as Effect.Effect<(n: string) => string>)
  assert.equal(g("you"), "hi you")
  const bad = await Effect.runPromise(Effect.flip(Effect.scoped(r.instantiate(Greeter, { type: "hello", config: { prefix: 7 } }, "a.filters[2]"))) as Effect.Effect<any>)
  assert.equal(bad._tag, "ConfigError")
  assert.equal(bad.path, "a.filters[2].config.prefix")
  assert.match(bad.message, /^config error at a\.filters\[2\]\.config\.prefix: Expected string/)
  const unknown = await Effect.runPromise(Effect.flip(Effect.scoped(r.instantiate(Greeter, { type: "nope" }, "a"))) as Effect.Effect<any>)
  assert.equal(unknown.path, "a.type")
})
