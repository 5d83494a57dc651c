// Runs every test file under Node, Bun and Deno and ends with one line: "N passed, N failed".
// Usage: npm test [-- <path filter>...]   env MOSAIC_RUNTIMES=node,bun,deno (default all three)
import { spawn } from "node:child_process"
import { readdirSync, statSync } from "node:fs"
import { join, relative } from "node:path"

const root = new URL("..", import.meta.url).pathname
const bin = (name: string) => join(root, "node_modules", ".bin", name)

const find = (dir: string, out: Array<string> = []): Array<string> => {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist" || name.startsWith(".")) continue
    const p = join(dir, name)
    if (statSync(p).isDirectory()) find(p, out)
    else if (name.endsWith(".test.ts")) out.push(relative(root, p))
  }
  return out
}

const filters = process.argv.slice(2)
const files = ["packages", "apps", "examples", "templates", "test"].flatMap((d) => find(join(root, d)))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort()

interface Counts { passed: number; failed: number; ok: boolean }

const run = (runtime: string, cmd: string, args: Array<string>, parse: (out: string) => Omit<Counts, "ok">): Promise<Counts> =>
  new Promise((resolve) => {
    console.log(`\n=== ${runtime}${runtime.includes(" ") ? "" : `: ${files.length} test files`} ===`)
    const child = spawn(cmd, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } })
    let out = ""
    const take = (b: Buffer) => {
      const s = b.toString()
      out += s
      process.stdout.write(s)
    }
    child.stdout.on("data", take)
    child.stderr.on("data", take)
    child.on("close", (code) => {
      const c = parse(out)
      // A crashed runner that printed no count still counts as a failure.
      if (code !== 0 && c.failed === 0) c.failed = 1
      resolve({ ...c, ok: code === 0 })
    })
  })

const last = (out: string, re: RegExp): number => {
  const all = [...out.matchAll(re)]
  return all.length === 0 ? 0 : Number(all[all.length - 1]![1])
}

const runtimes = (process.env.MOSAIC_RUNTIMES ?? "node,bun,deno").split(",").map((s) => s.trim())
const results: Array<[string, Counts]> = []
for (const rt of runtimes) {
  if (rt === "node") {
    results.push([rt, await run("node", process.execPath, ["--conditions=@mosaic/source", "--test", "--test-concurrency=1", ...files], (o) => ({
      passed: last(o, /^ℹ pass (\d+)/gm), failed: last(o, /^ℹ fail (\d+)/gm)
    }))])
  } else if (rt === "bun") {
    // One bun process per file, as node --test isolates files: `bun test` runs every file in one
    // process, and state left by one peer library's test (sofa-rpc-node, dubbo2.js) leaked into
    // another file's sockets there.
    const total: Counts = { passed: 0, failed: 0, ok: true }
    for (const f of files) {
      const c = await run(`bun ${f}`, bin("bun"), ["test", "--conditions=@mosaic/source", "--timeout=60000", `./${f}`], (o) => ({
        passed: last(o, /^\s*(\d+) pass/gm), failed: last(o, /^\s*(\d+) fail/gm)
      }))
      total.passed += c.passed
      total.failed += c.failed
      total.ok &&= c.ok
    }
    results.push([rt, total])
  } else if (rt === "deno") {
    results.push([rt, await run("deno", bin("deno"), ["test", "-A", "--no-check", "--conditions=@mosaic/source", ...files], (o) => ({
      passed: last(o, /(\d+) passed/g), failed: last(o, /(\d+) failed/g)
    }))])
  }
}

console.log("")
for (const [rt, c] of results) console.log(`${rt}: ${c.passed} passed, ${c.failed} failed`)
const passed = results.reduce((n, [, c]) => n + c.passed, 0)
const failed = results.reduce((n, [, c]) => n + c.failed, 0)
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed === 0 && results.every(([, c]) => c.ok) ? 0 : 1)
