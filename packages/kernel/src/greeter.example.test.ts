// The README example runs as written, and the README shows exactly this example.
import { test } from "node:test"
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import { startMain } from "./run-main.ts"
import { greeter, main, Punctuation } from "./greeter.example.ts"

test("the README example greets, through the registry and the program entry", async () => {
  assert.equal(await main(), "hi you!")
  const running = await startMain(greeter({}), Punctuation.layerTest("?"))
  assert.equal(running.value("there"), "hello there?")
  await running.close()
})

test("a bad config rejects with the ConfigError naming its JSON path", async () => {
  await assert.rejects(startMain(greeter({ prefix: 7 }), Punctuation.layer), (e: { _tag: string; message: string }) =>
    e._tag === "ConfigError" && /^config error at greeters\[0\]\.config\.prefix: Expected string/.test(e.message))
})

test("the README's code block is greeter.example.ts (after its header line)", () => {
  const example = readFileSync(new URL("./greeter.example.ts", import.meta.url), "utf8").split("\n").slice(1).join("\n").trim()
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8")
  const block = readme.match(/```ts\n([\s\S]*?)```/)?.[1]?.trim()
  assert.equal(block, example)
})
