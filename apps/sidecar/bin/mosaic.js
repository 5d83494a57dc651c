#!/usr/bin/env node
// The `mosaic` bin. Installed from a tarball it runs the build (dist/cli.js) on Node, Bun or Deno. In the repo
// (src/ is there) it runs the TypeScript sources in this Node when it can (type stripping, Node >= 22.18), so a
// stale build never shadows them; else the build; else (an older Node first on PATH) it starts the project's
// Node and ties the two together: signals are forwarded and the child exits with this process.
import { spawn } from "node:child_process"
import { existsSync } from "node:fs"
import module from "node:module"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const here = dirname(fileURLToPath(import.meta.url))
const built = join(here, "..", "dist", "cli.js")
const source = join(here, "..", "src", "cli.ts")

const stripsTypes = process.features?.typescript && typeof module.registerHooks === "function"

if (existsSync(source) && stripsTypes) {
  // workspace packages export their TypeScript under the @mosaic/source condition
  module.registerHooks({
    resolve: (specifier, context, next) =>
      next(specifier, { ...context, conditions: [...context.conditions, "@mosaic/source"] })
  })
  await import(pathToFileURL(source).href)
} else if (existsSync(built)) {
  await import(pathToFileURL(built).href)
} else if (!existsSync(source)) {
  console.error(`mosaic: no build at ${built} (run \`npm run build\` in the package)`)
  process.exit(1)
} else {
  let node = process.execPath
  for (let dir = here; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", ".bin", "node")
    if (existsSync(candidate)) { node = candidate; break }
  }
  const child = spawn(node, ["--conditions=@mosaic/source", source, ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, MOSAIC_EXIT_WITH_PARENT: "1" }
  })
  for (const s of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(s, () => child.kill(s))
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}
