// `mosaic run` with third-party plugins: the template's filters loaded through "plugins" (a path relative to the config file) and --plugin act on a call; a missing spec, a package without `plugins` and a duplicate name are one line, exit non-zero, within 2 s; a changed "plugins" list is refused on SIGHUP.
import { after, test } from "node:test"
import assert from "node:assert/strict"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, relative } from "node:path"
import { invoke, startUpstream, templateConfig as config } from "./plugin-template.fixture.ts"
import { spawnScript } from "./spawn-runtime.ts"

const cli = new URL("../../apps/sidecar/src/cli.ts", import.meta.url).pathname
const template = new URL("../../templates/plugin", import.meta.url).pathname.replace(/\/$/, "")
const tmp = mkdtempSync(join(tmpdir(), "mosaic-cli-plugins-"))
after(() => rmSync(tmp, { recursive: true, force: true }))

let configs = 0
const writeConfig = (config: unknown): string => {
  const file = join(tmp, `config-${++configs}.json`)
  writeFileSync(file, JSON.stringify(config))
  return file
}
/** The template as a path relative to the config files (what a user writes in "plugins"). */
const templateFromConfig = relative(tmp, template)
/** The template as a path relative to the directory mosaic runs in (what a user types after --plugin). */
const templateFromCwd = `./${relative(process.cwd(), template)}`

for (const how of ["\"plugins\" in the config", "--plugin"] as const) {
  test(`the template's filters loaded with ${how} act on a call: tenant header added, /api prefix removed`, async () => {
    const upstream = await startUpstream()
    const file = writeConfig(config(upstream.port, how === "--plugin" ? undefined : [templateFromConfig]))
    const p = spawnScript(cli, ["run", "-c", file, ...(how === "--plugin" ? ["--plugin", templateFromCwd] : [])])
    try {
      const port = Number((await p.waitFor(/runtime up \(grpc on (\d+)\)/))[1])
      assert.equal(await invoke(port, "/api/users/7"), "GET /users/7 tenant=acme")
      assert.equal(await invoke(port, "/other"), "GET /other tenant=acme")
      if (how !== "--plugin") {
        // the list changes: refused in one line, the running plugins keep serving
        writeFileSync(file, JSON.stringify(config(upstream.port, [])))
        process.kill(p.child.pid!, "SIGHUP")
        const refused = (await p.waitFor(/mosaic: reload 1 .*\n/))[0]
        assert.match(refused, /refused, the previous config keeps serving: config error at plugins: \[".*templates\/plugin"\] as at start \(got \[\]\)/)
        assert.equal(await invoke(port, "/api/x"), "GET /x tenant=acme")
      }
    } finally {
      p.child.kill("SIGKILL")
      await p.exited
      await upstream.close()
    }
  })
}

/** Run the CLI to its exit: the exit code, its output and how long it took. */
const runToExit = async (args: ReadonlyArray<string>) => {
  const started = Date.now()
  const p = spawnScript(cli, args)
  const code = await p.exited
  return { code, output: p.output().trim(), ms: Date.now() - started }
}

const assertOneLineFailure = (r: { code: number | null; output: string; ms: number }, re: RegExp) => {
  assert.notEqual(r.code, 0, r.output)
  assert.equal(r.output.split("\n").length, 1, r.output)
  assert.match(r.output, re)
  assert.ok(r.ms < 2000, `exited after ${r.ms} ms: ${r.output}`)
}

test("a plugin spec that does not resolve: one line naming it and where it was looked for, exit non-zero within 2 s", async () => {
  const name = await runToExit(["run", "-c", writeConfig(config(1, ["mosaic-plugin-nowhere"]))])
  assertOneLineFailure(name, new RegExp(`^plugin "mosaic-plugin-nowhere" not found: looked in ${tmp}/node_modules, `))
  const path = await runToExit(["run", "-c", writeConfig(config(1)), "--plugin", "./no/such/dir"])
  assertOneLineFailure(path, /^plugin "\.\/no\/such\/dir" not found: no file or directory \/.*\/no\/such\/dir$/)
})

test("a package that exports no `plugins`: one line saying so, exit non-zero within 2 s", async () => {
  // the load balancer example exports its plugin by name only
  const example = relative(tmp, new URL("../../examples/lb-header-hash", import.meta.url).pathname)
  const r = await runToExit(["run", "-c", writeConfig(config(1, [example]))])
  assertOneLineFailure(r, /^plugin ".*examples\/lb-header-hash\/?" \(.*\) exports no "plugins"/)
})

test("the same plugin name twice (the template in \"plugins\" and again with --plugin): the registry's error, exit non-zero within 2 s", async () => {
  const r = await runToExit(["run", "-c", writeConfig(config(1, [templateFromConfig])), "--plugin", templateFromCwd])
  assertOneLineFailure(r, /^plugin "tenant" of kind "before_invoke" is registered twice$/)
})
