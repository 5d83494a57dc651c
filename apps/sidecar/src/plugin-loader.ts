// Third-party plugin packages: resolve a spec (package name or path) as Node resolves from a directory, import it, take its `plugins`.
import { existsSync, readFileSync, statSync } from "node:fs"
import { createRequire } from "node:module"
import { isAbsolute, join, resolve } from "node:path"
import { pathToFileURL } from "node:url"
import { Schema } from "effect"
import { ConfigError, type Plugin } from "@mosaic/kernel"

export class PluginLoadError extends Schema.TaggedError<PluginLoadError>()("PluginLoadError", {
  reason: Schema.Literals(["NotFound", "ImportFailed", "NoPlugins", "NotAPlugin"]),
  spec: Schema.String,
  message: Schema.String
}) {}

const isPath = (spec: string): boolean => spec.startsWith("./") || spec.startsWith("../") || spec === "." || spec === ".." || isAbsolute(spec)

const firstLine = (e: unknown): string => String((e as { message?: unknown } | null)?.message ?? e).split("\n")[0]!

/** Where a package name is looked for from `from`: each `node_modules` from there up to the root. */
const lookupDirs = (from: string): Array<string> => {
  const dirs: Array<string> = []
  for (let dir = resolve(from); ; dir = resolve(dir, "..")) {
    if (!dir.endsWith("node_modules")) dirs.push(join(dir, "node_modules"))
    if (resolve(dir, "..") === dir) return dirs
  }
}

/**
 * The file a spec names. A package name resolves from `from` as `require.resolve` does there (its
 * `exports` with the runtime's conditions, else `main`); a path is taken from `from`: a file, or a package
 * directory (its `exports` through a self-reference, else `main` or index.js).
 */
export const resolvePluginSpec = (spec: string, from: string): string => {
  const notFound = (where: string) => new PluginLoadError({ reason: "NotFound", spec, message: `plugin "${spec}" not found: ${where}` })
  if (isPath(spec)) {
    const path = resolve(from, spec)
    if (!existsSync(path)) throw notFound(`no file or directory ${path}`)
    if (statSync(path).isFile()) return path
    const manifest = join(path, "package.json")
    try {
      if (existsSync(manifest)) {
        const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown; exports?: unknown }
        // a package reaches its own `exports` by its name (self-reference), with the same conditions as any import
        if (pkg.exports !== undefined && typeof pkg.name === "string") return createRequire(manifest).resolve(pkg.name)
      }
      return createRequire(join(path, "noop.js")).resolve(path)
    } catch (e) {
      throw notFound(`${path} is a directory whose package.json names no entry file (${firstLine(e)})`)
    }
  }
  try {
    return createRequire(join(resolve(from), "noop.js")).resolve(spec)
  } catch (e) {
    const code = (e as { code?: unknown }).code
    if (code === "MODULE_NOT_FOUND" || code === "ERR_MODULE_NOT_FOUND") {
      // a name is a package; a path starts with ./ or ../ (as in an import)
      const hint = existsSync(resolve(from, spec)) ? ` (to load the path, write "./${spec}")` : ""
      throw notFound(`looked in ${lookupDirs(from).join(", ")}${hint}`)
    }
    throw notFound(firstLine(e))
  }
}

const looksLikePlugin = (p: unknown): p is Plugin => {
  const v = p as Partial<Plugin> | null
  return typeof v === "object" && v !== null && typeof v.name === "string" && typeof v.kind?.id === "string" &&
    typeof v.make === "function" && (typeof v.config === "object" || typeof v.config === "function") && v.config !== null
}

/** Import the module a spec names and return its `plugins` export, checked to be a list of plugins. */
export const loadPluginModule = async (spec: string, from: string): Promise<ReadonlyArray<Plugin>> => {
  const file = resolvePluginSpec(spec, from)
  let module: { plugins?: unknown }
  try {
    module = await import(pathToFileURL(file).href)
  } catch (e) {
    throw new PluginLoadError({ reason: "ImportFailed", spec, message: `plugin "${spec}" (${file}) failed to load: ${firstLine(e)}` })
  }
  const plugins = module.plugins
  if (plugins === undefined) {
    throw new PluginLoadError({ reason: "NoPlugins", spec, message: `plugin "${spec}" (${file}) exports no "plugins" (a plugin package exports \`plugins\`: an array of plugins)` })
  }
  if (!Array.isArray(plugins)) {
    throw new PluginLoadError({ reason: "NotAPlugin", spec, message: `plugin "${spec}" (${file}): "plugins" is not an array` })
  }
  const bad = plugins.findIndex((p) => !looksLikePlugin(p))
  if (bad >= 0) {
    throw new PluginLoadError({ reason: "NotAPlugin", spec, message: `plugin "${spec}" (${file}): plugins[${bad}] is not a plugin (made with definePlugin: name, kind, config, make)` })
  }
  return plugins
}

/** Load each spec in order (from `from`); their plugins in one list, in spec order. */
export const loadPlugins = async (specs: ReadonlyArray<string>, from: string): Promise<ReadonlyArray<Plugin>> => {
  const all: Array<Plugin> = []
  for (const spec of specs) all.push(...await loadPluginModule(spec, from))
  return all
}

/** Check that each spec resolves to a file, without importing anything (a fast first check). */
export const resolvePluginSpecs = (specs: ReadonlyArray<string>, from: string): void => {
  for (const spec of specs) resolvePluginSpec(spec, from)
}

/** The config's top-level `"plugins"`: package names or paths (absent: none). */
export const pluginSpecsOf = (config: unknown): ReadonlyArray<string> => {
  const specs = (config as { plugins?: unknown } | null)?.plugins
  if (specs === undefined) return []
  if (!Array.isArray(specs)) throw ConfigError.at("plugins", "a list of package names or paths relative to the config file")
  const bad = specs.findIndex((s) => typeof s !== "string" || s === "")
  if (bad >= 0) throw ConfigError.at(`plugins[${bad}]`, "a package name or a path relative to the config file")
  return specs as ReadonlyArray<string>
}
