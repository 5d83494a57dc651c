#!/usr/bin/env node
// Launcher: runs the TypeScript CLI on the project's own Node >= 22 (node_modules/.bin/node) from source.
import { spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const here = dirname(fileURLToPath(import.meta.url))
const cli = join(here, "..", "src", "cli.ts")
let node = process.execPath
for (let dir = here; dir !== dirname(dir); dir = dirname(dir)) {
  const candidate = join(dir, "node_modules", ".bin", "node")
  if (existsSync(candidate)) { node = candidate; break }
}
const child = spawn(node, ["--conditions=@mosaic/source", cli, ...process.argv.slice(2)], { stdio: "inherit" })
for (const s of ["SIGINT", "SIGTERM"]) process.on(s, () => child.kill(s))
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
