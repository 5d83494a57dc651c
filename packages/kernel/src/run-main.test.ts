// startMain keeps a program's scope open until close; runMain runs one as the process until SIGTERM.
import { test } from "node:test"
import assert from "node:assert/strict"
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { Context, Effect, Layer } from "effect"
import { ConfigError } from "./errors.ts"
import { startMain } from "./run-main.ts"

class Db extends Context.Service<Db, { readonly query: () => string }>()("test/Db") {}

test("startMain: the value is ready, nothing closes until close(), then finalizers run in reverse order, once", async () => {
  const events: Array<string> = []
  const layer = Layer.effect(Db, Effect.acquireRelease(
    Effect.sync(() => (events.push("db open"), { query: () => "row" })),
    () => Effect.sync(() => void events.push("db closed"))
  ))
  const running = await startMain(Effect.gen(function*() {
    const db = yield* Db
    yield* Effect.addFinalizer(() => Effect.sync(() => void events.push("server closed")))
    return db.query()
  }), layer)
  assert.equal(running.value, "row")
  assert.deepEqual(events, ["db open"])
  await Promise.all([running.close(), running.close()])
  assert.deepEqual(events, ["db open", "server closed", "db closed"])
})

test("startMain: a failure closes what was built and rejects with the typed error itself (Cause.squash)", async () => {
  const events: Array<string> = []
  const failing = Effect.gen(function*() {
    yield* Effect.addFinalizer(() => Effect.sync(() => void events.push("closed")))
    return yield* ConfigError.at("servers[0]", "a listener")
  })
  await assert.rejects(startMain(failing), (e: unknown) => e instanceof ConfigError && e.path === "servers[0]")
  assert.deepEqual(events, ["closed"])
  await assert.rejects(startMain(Effect.die(new RangeError("boom"))), (e: unknown) => e instanceof RangeError && e.message === "boom")
})

const isDeno = typeof (globalThis as { Deno?: unknown }).Deno !== "undefined"
const fixture = fileURLToPath(new URL("./run-main.fixture.ts", import.meta.url))

const runFixture = (mode: string) => {
  const args = isDeno ? ["run", "-A", "--no-check", "--conditions=@mosaic/source", fixture, mode] : ["--conditions=@mosaic/source", fixture, mode]
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] })
  let out = ""
  const seen = new Set<() => void>()
  const take = (b: Buffer) => {
    out += b.toString()
    for (const f of seen) f()
  }
  child.stdout.on("data", take)
  child.stderr.on("data", take)
  const exited = new Promise<[number | null, string | null]>((resolve) => child.on("exit", (code, signal) => resolve([code, signal])))
  const waitFor = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${text}" in:\n${out}`)), 20_000)
      const check = () => {
        if (!out.includes(text)) return
        clearTimeout(timer)
        seen.delete(check)
        resolve()
      }
      seen.add(check)
      check()
    })
  return { child, exited, waitFor, output: () => out }
}

test("runMain: SIGTERM interrupts the program, its scope closes (last finalizer first, layer last), exit 0", async () => {
  const p = runFixture("serve")
  await p.waitFor("READY")
  p.child.kill("SIGTERM")
  const [code, signal] = await p.exited
  // Deno's child_process reports (null, "SIGTERM") for a child that handled SIGTERM and exited 0
  if (isDeno && code === null) assert.equal(signal, "SIGTERM")
  else assert.equal(code, 0, p.output())
  const lines = p.output().trim().split("\n")
  assert.deepEqual(lines, ["READY", "drained", "resource closed", "layer released"])
})

test("runMain: a failure prints the squashed error's message, closes the scope and exits 1", async () => {
  const p = runFixture("fail")
  const [code] = await p.exited
  assert.equal(code, 1)
  assert.match(p.output(), /config error at servers\[0\]\.port: a port number/)
  assert.match(p.output(), /resource closed\n[\s\S]*layer released/)
})
