// Tests: plugin specs resolve by package name (node_modules from the config's directory up) and by path (file or package directory); each failure is one line; duplicates are the registry's error; a reload keeps the plugin list.
import { after, test } from "node:test"
import assert from "node:assert/strict"
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { loadPluginModule, loadPlugins, pluginSpecsOf, resolvePluginSpec } from "./plugin-loader.ts"
import { startFromConfig } from "./main.ts"

const root = mkdtempSync(join(tmpdir(), "mosaic-plugin-loader-"))
after(() => rmSync(root, { recursive: true, force: true }))

const write = (path: string, text: string) => {
  mkdirSync(join(root, path, ".."), { recursive: true })
  writeFileSync(join(root, path), text)
}

/** A module exporting `plugins` built without any import: the loader checks shape, the registry checks names. */
const pluginModule = (names: ReadonlyArray<string>, kind = "before_invoke") =>
  `const config = () => {}\nexport const plugins = ${JSON.stringify(names)}.map((name) => ({ name, kind: { id: "${kind}" }, description: "", config, make: () => undefined }))\n`

// a project: config in project/conf, packages in project/node_modules
write("project/node_modules/acme-filters/package.json", JSON.stringify({ name: "acme-filters", type: "module", exports: { ".": { types: "./index.d.ts", default: "./index.js" } } }))
write("project/node_modules/acme-filters/index.js", pluginModule(["acme_a", "acme_b"]))
write("project/node_modules/@acme/main-only/package.json", JSON.stringify({ name: "@acme/main-only", type: "module", main: "lib/main.js" }))
write("project/node_modules/@acme/main-only/lib/main.js", pluginModule(["acme_main"]))
write("project/local/package.json", JSON.stringify({ name: "local-plugin", type: "module", exports: "./dist/entry.js" }))
write("project/local/dist/entry.js", pluginModule(["local_one"]))
write("project/conf/one-file.mjs", pluginModule(["from_file"], "stream_filter"))
write("project/conf/none.mjs", "export const somethingElse = 1\n")
write("project/conf/not-array.mjs", "export const plugins = { name: 'x' }\n")
write("project/conf/not-plugin.mjs", "export const plugins = [{ name: 'x' }]\n")
write("project/conf/broken.mjs", "export const plugins = [\n")
write("project/conf/builtin-clash.mjs", pluginModule(["header"]))
const conf = join(root, "project/conf")

test("a package name resolves from the config's directory up through node_modules: exports, or main", async () => {
  assert.equal(resolvePluginSpec("acme-filters", conf), join(root, "project/node_modules/acme-filters/index.js"))
  assert.deepEqual((await loadPluginModule("@acme/main-only", conf)).map((p) => p.name), ["acme_main"])
})

test("a path resolves from the config's directory: a file, or a package directory through its exports", async () => {
  assert.equal(resolvePluginSpec("../local", conf), join(root, "project/local/dist/entry.js"))
  const all = await loadPlugins(["acme-filters", "../local", "./one-file.mjs"], conf)
  assert.deepEqual(all.map((p) => `${p.kind.id}:${p.name}`), ["before_invoke:acme_a", "before_invoke:acme_b", "before_invoke:local_one", "stream_filter:from_file"])
})

const oneLine = (e: unknown, re: RegExp) => {
  const message = (e as Error).message
  assert.equal(message.split("\n").length, 1, message)
  assert.match(message, re)
  return true
}

test("a spec that does not resolve: one line naming it and where it was looked for", async () => {
  await assert.rejects(loadPlugins(["no-such-plugin"], conf), (e) =>
    oneLine(e, /^plugin "no-such-plugin" not found: looked in .*project\/conf\/node_modules, .*project\/node_modules, /))
  await assert.rejects(loadPlugins(["one-file.mjs"], conf), (e) => oneLine(e, /^plugin "one-file\.mjs" not found: looked in .*node_modules \(to load the path, write "\.\/one-file\.mjs"\)$/))
  await assert.rejects(loadPlugins(["./missing.js"], conf), (e) => oneLine(e, /^plugin "\.\/missing\.js" not found: no file or directory .*project\/conf\/missing\.js$/))
})

test("a module without a `plugins` array of plugins, or one that fails to import: one line saying so", async () => {
  await assert.rejects(loadPlugins(["./none.mjs"], conf), (e) => oneLine(e, /^plugin "\.\/none\.mjs" \(.*none\.mjs\) exports no "plugins"/))
  await assert.rejects(loadPlugins(["./not-array.mjs"], conf), (e) => oneLine(e, /"plugins" is not an array$/))
  await assert.rejects(loadPlugins(["./not-plugin.mjs"], conf), (e) => oneLine(e, /plugins\[0\] is not a plugin/))
  await assert.rejects(loadPlugins(["./broken.mjs"], conf), (e) => oneLine(e, /^plugin "\.\/broken\.mjs" \(.*broken\.mjs\) failed to load: /))
})

test("the config's \"plugins\" must be a list of non-empty strings", () => {
  assert.deepEqual(pluginSpecsOf({ servers: [] }), [])
  assert.throws(() => pluginSpecsOf({ plugins: "a" }), /^ConfigError: config error at plugins: a list/)
  assert.throws(() => pluginSpecsOf({ plugins: ["a", 3] }), /config error at plugins\[1\]: a package name/)
})

const emptyConfig = (plugins?: ReadonlyArray<string>) => ({ ...(plugins === undefined ? {} : { plugins }), servers: [{ listeners: [] }] })

test("a plugin named like a built-in of the same kind is the registry's duplicate error", async () => {
  await assert.rejects(startFromConfig(emptyConfig(["./builtin-clash.mjs"]), { configDir: conf }), (e) =>
    oneLine(e, /^plugin "header" of kind "before_invoke" is registered twice$/))
  await assert.rejects(startFromConfig(emptyConfig(["acme-filters"]), { configDir: conf, plugins: (await loadPlugins(["acme-filters"], conf)) }), (e) =>
    oneLine(e, /plugin "acme_a" of kind "before_invoke" is registered twice/))
})

test("a reload with the same \"plugins\" goes through; a changed list is refused and the runtime keeps running", async () => {
  const running = await startFromConfig(emptyConfig(["acme-filters"]), { configDir: conf })
  try {
    await running.reload(emptyConfig(["acme-filters"]))
    await assert.rejects(running.reload(emptyConfig(["acme-filters", "../local"])), (e) =>
      oneLine(e, /^config error at plugins: \["acme-filters"\] as at start \(got \["acme-filters","\.\.\/local"\]\): loaded plugins cannot be unloaded or added on reload; restart to change them$/))
    await assert.rejects(running.reload(emptyConfig()), /config error at plugins: \["acme-filters"\] as at start \(got \[\]\)/)
    await running.reload(emptyConfig(["acme-filters"]))
  } finally {
    await running.stop(100)
  }
})
