#!/usr/bin/env node
// The `mosaic-gateway` bin: `mosaic-gateway [-c gateway.json]`. Installed from a tarball it runs the build (dist/main.js) on
// Node, Bun or Deno; in the repo (src/ is there) it runs the TypeScript sources when this Node strips types.
import { existsSync } from "node:fs"
import module from "node:module"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const here = dirname(fileURLToPath(import.meta.url))
const built = join(here, "..", "dist", "main.js")
const source = join(here, "..", "src", "main.ts")

if (existsSync(source) && process.features?.typescript && typeof module.registerHooks === "function") {
  // workspace packages export their TypeScript under the @mosaic/source condition
  module.registerHooks({
    resolve: (specifier, context, next) =>
      next(specifier, { ...context, conditions: [...context.conditions, "@mosaic/source"] })
  })
  await import(pathToFileURL(source).href)
} else if (existsSync(built)) {
  await import(pathToFileURL(built).href)
} else {
  console.error(`mosaic-gateway: no build at ${built} (run \`npm run build\` in the package), and this runtime cannot run ${source}`)
  process.exit(1)
}
