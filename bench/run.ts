// `npm run bench`: every benchmark scenario, each against its peer measured in the same run.
// Usage: npm run bench [-- <scenario>...]   scenarios: hessian2 bolt-codec http-proxy sidecar xprotocol-proxy proxy-routing detect idle-memory
// Results: bench/results/<scenario>.json (the README's table summarises them).
import { existsSync } from "node:fs"

const scenarios: Record<string, string> = {
  "hessian2": "./hessian2.ts",
  "bolt-codec": "./bolt-codec.ts",
  "http-proxy": "./http-proxy.ts",
  "sidecar": "./sidecar.ts",
  "xprotocol-proxy": "./xprotocol-proxy.ts",
  "proxy-routing": "./proxy-routing.ts",
  "detect": "./detect.ts",
  "idle-memory": "./idle-memory.ts"
}

const wanted = process.argv.slice(2)
const names = wanted.length > 0 ? wanted : Object.keys(scenarios)
for (const name of names) {
  const file = scenarios[name]
  if (file === undefined) {
    console.error(`unknown scenario "${name}"; known: ${Object.keys(scenarios).join(", ")}`)
    process.exit(1)
  }
  if (!existsSync(new URL(file, import.meta.url))) {
    console.log(`\n=== ${name}: not present in this checkout, skipped`)
    continue
  }
  console.log(`\n=== ${name}`)
  const mod = (await import(file)) as { run: () => Promise<unknown> }
  await mod.run()
}
console.log("\nresults written to bench/results/")
