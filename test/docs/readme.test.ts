// The root README: its "Compose from code" snippet runs as written (spawned, one call through the template's filters, SIGTERM), and its `npm run demo` output is what demo.ts prints.
import { after, test } from "node:test"
import assert from "node:assert/strict"
import { spawn } from "node:child_process"
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { startFromConfig } from "@mosaic/sidecar"
import { layottoConfig, startUpstreams } from "../e2e/fixtures.ts"
import { invoke, startUpstream, templateConfig } from "../e2e/plugin-template.fixture.ts"
import { runtimeCommand, runtimeName } from "../e2e/spawn-runtime.ts"

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8")

/** The first fenced block of `lang` after `heading`. */
const blockAfter = (heading: string, lang: string): string => {
  const at = readme.indexOf(heading)
  assert.ok(at >= 0, `README has "${heading}"`)
  const m = readme.slice(at).match(new RegExp("```" + lang + "\\n([\\s\\S]*?)```"))
  assert.ok(m !== null, `a ${lang} block after "${heading}"`)
  return m[1]!
}

/** A child on the test's runtime, in `cwd`, with its output collected. */
const run = (script: string, cwd: string, env: Record<string, string> = {}) => {
  const [cmd, args] = runtimeCommand(script, [])
  const child = spawn(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } })
  let out = ""
  const waiters = new Set<() => void>()
  const take = (b: Buffer) => {
    out += b.toString()
    for (const w of waiters) w()
  }
  child.stdout.on("data", take)
  child.stderr.on("data", take)
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)))
  const waitFor = (re: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const m = out.match(re)
        if (m !== null) (waiters.delete(check), clearTimeout(timer), resolve(m))
      }
      const timer = setTimeout(() => (waiters.delete(check), reject(new Error(`timed out waiting for ${re}; output:\n${out}`))), 20000)
      waiters.add(check)
      check()
    })
  return { child, exited, waitFor, output: () => out }
}

// a scratch project inside the repo (so @mosaic/* resolve through the repo's node_modules), one per process
const project = new URL(`./.run-${runtimeName}-${process.pid}/`, import.meta.url).pathname
after(() => rmSync(project, { recursive: true, force: true }))

test("README \"Compose from code\": the snippet as written starts a runtime with the template's plugins; a call goes through both filters; SIGTERM drains and exits 0", async () => {
  const snippet = blockAfter("### Compose from code", "ts")
  mkdirSync(join(project, "node_modules"), { recursive: true })
  // the package the snippet imports: the template, as npm would link it
  symlinkSync(new URL("../../templates/plugin", import.meta.url).pathname, join(project, "node_modules", "mosaic-plugin-template"), "dir")
  writeFileSync(join(project, "main.ts"), snippet)
  const upstream = await startUpstream()
  writeFileSync(join(project, "config.json"), JSON.stringify(templateConfig(upstream.port)))
  const p = run(join(project, "main.ts"), project)
  try {
    const port = Number((await p.waitFor(/InvokeService on 127\.0\.0\.1:(\d+)\n/))[1])
    assert.equal(await invoke(port, "/api/users/7"), "GET /users/7 tenant=acme")
    process.kill(p.child.pid!, "SIGTERM")
    const code = await p.exited
    // Deno's child_process reports (null, "SIGTERM") for a child that handled SIGTERM and exited 0
    if (!(runtimeName === "deno" && code === null)) assert.equal(code, 0, p.output())
  } finally {
    p.child.kill("SIGKILL")
    await upstream.close()
  }
})

test("README: `npm run demo` prints exactly the lines shown", async () => {
  const shown = blockAfter("`npm run demo` prints:", "text")
  const ups = await startUpstreams()
  const running = await startFromConfig(layottoConfig({
    echoPort: ups.echo.port, usersPort: ups.users.port, boltPort: ups.bolt.port, dubboPort: ups.dubbo.port
  }))
  try {
    const demo = run(new URL("../../apps/sidecar/src/demo.ts", import.meta.url).pathname, process.cwd(), { MOSAIC_PORT: String(running.handle.ingressPorts[0]) })
    assert.equal(await demo.exited, 0, demo.output())
    assert.equal(demo.output(), shown)
    assert.equal(shown.trim().split("\n").length, 4)
  } finally {
    await running.stop(1000)
    await ups.close()
  }
})
