#!/usr/bin/env node
// The `mosaic` bin. Installed from a tarball it runs the build (dist/cli.js) on Node, Bun or Deno. In the repo
// (src/ is there) it runs the TypeScript sources, so a stale build never shadows them: in this process on a Node
// that strips types (>= 22.18), else in a child of the same runtime (Bun, Deno: `--conditions=@mosaic/source`)
// or of the project's Node (an older Node first on PATH); signals are forwarded and the child exits with this process.
import { spawn } from "node:child_process"
import { existsSync } from "node:fs"
import module from "node:module"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const here = dirname(fileURLToPath(import.meta.url))
const built = join(here, "..", "dist", "cli.js")
const source = join(here, "..", "src", "cli.ts")

const runtime = "Bun" in globalThis ? "bun" : "Deno" in globalThis ? "deno" : "node"
const args = process.argv.slice(2)

const runChild = (cmd, argv) => {
  const child = spawn(cmd, argv, { stdio: "inherit", env: { ...process.env, MOSAIC_EXIT_WITH_PARENT: "1" } })
  let forwarded
  for (const s of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(s, () => child.kill(forwarded = s))
  // Deno reports a child that exited by itself in its handler for a signal we forwarded as killed by that signal;
  // the CLI handles all three, so there it is the CLI's own exit
  child.on("exit", (code, signal) => process.exit(code ?? (signal && !(runtime === "deno" && signal === forwarded) ? 1 : 0)))
}

if (existsSync(source) && runtime === "node" && process.features?.typescript && typeof module.registerHooks === "function") {
  // workspace packages export their TypeScript under the @mosaic/source condition
  module.registerHooks({
    resolve: (specifier, context, next) =>
      next(specifier, { ...context, conditions: [...context.conditions, "@mosaic/source"] })
  })
  await import(pathToFileURL(source).href)
} else if (existsSync(source) && runtime === "bun") {
  runChild(process.execPath, ["--conditions=@mosaic/source", source, ...args])
} else if (existsSync(source) && runtime === "deno") {
  runChild(process.execPath, ["run", "-A", "--conditions=@mosaic/source", source, ...args])
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
  runChild(node, ["--conditions=@mosaic/source", source, ...args])
}
