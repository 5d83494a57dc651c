// docs/plugins.md: every code block is a file that a test runs (checked here to be that file, verbatim), or commands checked against the scripts, flags and ports they name; the channel snippet runs in a runtime (the RESP config in protocol-doc.test.ts).
import { test } from "node:test"
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import { startFromConfig } from "@mosaic/sidecar"
import { invoke } from "../e2e/plugin-template.fixture.ts"
import { plugins } from "./snippets/canned-channel.ts"

const root = new URL("../../", import.meta.url)
const doc = readFileSync(new URL("docs/plugins.md", root), "utf8")

/** Every fenced block with the marker comment on the line before it (`<!-- file: path -->`, `<!-- commands: where -->`). */
const blocks = [...doc.matchAll(/(?:<!-- (file|commands): ([^ ]+) -->\n)?```(\w*)\n([\s\S]*?)```/g)].map((m) => ({
  marker: m[1], target: m[2], lang: m[3], body: m[4]!
}))

test("docs/plugins.md: every code block says what runs it", () => {
  assert.ok(blocks.length >= 8, `${blocks.length} blocks`)
  for (const b of blocks) assert.ok(b.marker !== undefined, `a block without a marker:\n${b.body}`)
})

test("docs/plugins.md: each file block is the file, verbatim (the template's and the snippets' tests run them)", () => {
  const files = blocks.filter((b) => b.marker === "file")
  assert.deepEqual(files.map((b) => b.target), [
    "templates/plugin/src/tenant-filter.ts",
    "templates/plugin/src/strip-prefix-filter.ts",
    "templates/plugin/src/index.ts",
    "test/docs/snippets/filter-refs.json",
    "test/docs/snippets/canned-channel.ts",
    "examples/protocol-resp/src/resp-protocol.ts",
    "examples/protocol-resp/src/plugin.ts",
    "examples/protocol-resp/src/index.ts",
    "test/docs/snippets/resp-config.json"
  ])
  for (const b of files) assert.equal(b.body, readFileSync(new URL(b.target!, root), "utf8"), b.target)
})

/** The ports of the RESP snippet's listeners (the redis-cli lines must name one). */
const respPorts = (JSON.parse(readFileSync(new URL("test/docs/snippets/resp-config.json", root), "utf8")) as {
  servers: Array<{ listeners: Array<{ address: string }> }>
}).servers[0]!.listeners.map((l) => l.address.split(":")[1])

test("docs/plugins.md: commands name scripts their package has and flags the CLI takes", () => {
  const usage = readFileSync(new URL("apps/sidecar/src/cli.ts", root), "utf8")
  const commands = blocks.filter((b) => b.marker === "commands")
  assert.deepEqual([...new Set(commands.map((b) => b.target))], ["templates/plugin", "mosaic", "examples/protocol-resp"])
  for (const b of commands) {
    const scripts = b.target === "mosaic" ? {} : (JSON.parse(readFileSync(new URL(`${b.target}/package.json`, root), "utf8")) as { scripts: Record<string, string> }).scripts
    for (const line of b.body.trim().split("\n").map((l) => l.replace(/\s+#.*$/, ""))) {
      const run = /^npm (?:run (\S+)|test$)/.exec(line)
      if (run !== null) assert.ok(scripts[run[1] ?? "test"] !== undefined, `${b.target} has no script for: ${line}`)
      else if (line.startsWith("npx mosaic ")) {
        for (const flag of line.match(/(?<= )--?[\w-]+/g) ?? []) assert.ok(usage.includes(`${flag} `) || usage.includes(`${flag},`), `the CLI has no ${flag}`)
      } else if (line.startsWith("redis-cli ")) {
        assert.ok(respPorts.includes(/^redis-cli -p (\d+) /.exec(line)?.[1] ?? ""), `not a port of resp-config.json: ${line}`)
      } else assert.match(line, /^npm (install \S+|publish)$/, `an unchecked command: ${line}`)
    }
    // the test scripts are the three runtimes' runners
    if (b.target === "mosaic") continue
    assert.match(scripts.test!, /^node (--conditions=@mosaic\/source )?--test/)
    assert.match(scripts["test:bun"]!, /^bun test/)
    assert.match(scripts["test:deno"]!, /^deno test/)
  }
})

const channelConfig = {
  servers: [{
    listeners: [{
      name: "grpc", address: "127.0.0.1:0", bind_port: true,
      filter_chains: [{ filters: [{ type: "grpc", config: { grpc_config: { rpcs: { mosn: { type: "mosn", config: {
        channel: [{ protocol: "canned", answers: { "/hello": "hi" } }]
      } } } } } }] }]
    }]
  }]
}

test("the canned channel snippet: answers a known method, NOT_FOUND for another, its config checked at its JSON path", async () => {
  const running = await startFromConfig(channelConfig, { plugins })
  try {
    const port = running.handle.ingressPorts[0]!
    assert.equal(await invoke(port, "/hello"), "hi")
    assert.equal(await invoke(port, "/other"), "not_found: no canned answer for /other")
  } finally {
    await running.stop(1000)
  }
  const bad = structuredClone(channelConfig) as any
  bad.servers[0].listeners[0].filter_chains[0].filters[0].config.grpc_config.rpcs.mosn.config.channel[0].answers = { "/hello": 1 }
  await assert.rejects(startFromConfig(bad, { plugins }), /config error at servers\[0\]\.listeners\[0\]\.filter_chains\[0\]\.filters\[0\]\.config\.grpc_config\.rpcs\.mosn\.config\.channel\[0\]\.answers\.\/hello: Expected string/)
})
