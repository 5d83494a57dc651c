// Pack workspace packages and install the tarballs into a project outside the repo (the consumer test and the composition tests).
import { spawnSync } from "node:child_process"
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join } from "node:path"

export const root = new URL("..", import.meta.url).pathname
export const bin = (name: string): string => join(root, "node_modules", ".bin", name)
/** The repo's Node 24, bun and deno first on PATH, as under `npm run`, so `#!/usr/bin/env node` bins get Node 24. */
export const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", PATH: `${join(root, "node_modules", ".bin")}:${process.env.PATH}` }

/** Run a command to completion; its stdout, or an Error with the tail of its output. */
export const run = (cmd: string, args: ReadonlyArray<string>, cwd: string, timeoutMs = 300_000): string => {
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 })
  const out = `${r.stdout ?? ""}${r.stderr ?? ""}`
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status ?? r.signal}\n${out.slice(-4000)}`)
  return r.stdout
}

/** The version of a package installed in the repo's node_modules (to pin the same one in a project). */
export const installedVersion = (name: string): string =>
  (JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")) as { version: string }).version

export interface Packed { name: string; filename: string; size: number; unpackedSize: number; files: Array<{ path: string }> }

/** The workspace directory of `@mosaic/<name>`. */
const dirOf = (name: string): string => join(root, "packages", name.replace(/^@mosaic\//, ""))

const newest = (dir: string): number => {
  let t = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return t
}

/** A package's dist was built after every change to its src and manifest (so packing may skip the rebuild). */
export const distFresh = (name: string): boolean => {
  const dir = dirOf(name)
  try {
    const built = newest(join(dir, "dist"))
    return built > 0 && built >= Math.max(newest(join(dir, "src")), statSync(join(dir, "package.json")).mtimeMs)
  } catch {
    return false
  }
}

/**
 * `npm pack` the named workspaces into `dest`. Each package's prepack rebuilds its dist; with `reuseDist`, a
 * package set whose dists are all fresh is packed without scripts (no rebuild).
 */
export const pack = (names: ReadonlyArray<string>, dest: string, reuseDist = false): Array<Packed> => {
  const skip = reuseDist && names.every(distFresh)
  const out = run("npm", ["pack", "--json", "--pack-destination", dest, ...(skip ? ["--ignore-scripts"] : []), ...names.flatMap((n) => ["-w", n])], root, 900_000)
  return JSON.parse(out.slice(out.indexOf("["))) as Array<Packed>
}

/** The `@mosaic/*` packages `names` need at run time: themselves and their `dependencies`, transitively (workspace manifests). */
export const runtimeClosure = (...names: ReadonlyArray<string>): Array<string> => {
  const seen = new Set<string>()
  const visit = (n: string): void => {
    if (seen.has(n)) return
    seen.add(n)
    const m = JSON.parse(readFileSync(join(dirOf(n), "package.json"), "utf8")) as { dependencies?: Record<string, string> }
    for (const d of Object.keys(m.dependencies ?? {})) if (d.startsWith("@mosaic/")) visit(d)
  }
  for (const n of names) visit(n)
  return [...seen].sort()
}

/** `npm pack` the package in directory `dir` (not a workspace: a copied template, an example) into `dest`; prepack builds it. */
export const packDir = (dir: string, dest: string): Packed => {
  const out = run("npm", ["pack", "--json", "--pack-destination", dest], dir, 600_000)
  return (JSON.parse(out.slice(out.indexOf("["))) as Array<Packed>)[0]!
}
