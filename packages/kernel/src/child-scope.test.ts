import { test } from "node:test"
import assert from "node:assert/strict"
import { Effect, Exit, Scope } from "effect"
import { inChildScope } from "./child-scope.ts"

test("the child scope stays open on success and closes with its parent or by hand; on failure it is closed at once", async () => {
  const parent = Effect.runSync(Scope.make())
  const log: Array<string> = []
  const acquire = (name: string) => Effect.acquireRelease(Effect.succeed(name), () => Effect.sync(() => void log.push(`release ${name}`)))
  const a = await Effect.runPromise(inChildScope(parent, acquire("a")))
  const b = await Effect.runPromise(inChildScope(parent, acquire("b")))
  assert.equal(a.value, "a")
  assert.deepEqual(log, [])
  await Effect.runPromise(Scope.close(a.scope, Exit.void))
  assert.deepEqual(log, ["release a"])
  const failed = await Effect.runPromiseExit(inChildScope(parent, Effect.andThen(acquire("c"), Effect.fail("boom"))))
  assert.equal(Exit.isFailure(failed), true)
  assert.deepEqual(log, ["release a", "release c"])
  await Effect.runPromise(Scope.close(parent, Exit.void))
  assert.deepEqual(log, ["release a", "release c", "release b"])
})
