// The `mosaic` CLI: `mosaic run -c <config.json>` runs a runtime from a Layotto/MOSN-shaped config.
import { readFileSync } from "node:fs"
import { startFromConfig } from "./main.ts"

const usage = `usage: mosaic run -c <config.json> [--drain-timeout <ms>]

  -c, --config          Layotto/MOSN-shaped JSON config (servers[].listeners[], cluster_manager)
  --drain-timeout       on SIGINT/SIGTERM, wait this long for in-flight calls (default 5000 ms)`

const fail = (message: string): never => {
  console.error(message)
  process.exit(1)
}

const args = process.argv.slice(2)
if (args[0] !== "run") fail(usage)
let file: string | undefined
let drainMs = 5000
for (let i = 1; i < args.length; i++) {
  const a = args[i]
  if (a === "-c" || a === "--config") file = args[++i]
  else if (a === "--drain-timeout") drainMs = Number(args[++i])
  else fail(`unknown argument "${a}"\n${usage}`)
}
if (file === undefined) fail(usage)

let config: unknown
try {
  config = JSON.parse(readFileSync(file!, "utf8"))
} catch (e) {
  fail(`config error: ${file}: ${(e as Error).message}`)
}

try {
  const running = await startFromConfig(config)
  console.log(`mosaic: runtime up (grpc on ${running.handle.ingressPorts.join(", ") || "none"}), config ${file}`)
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`mosaic: ${signal}, draining (up to ${drainMs} ms)`)
    const r = await running.stop(drainMs)
    console.log(r.drained ? "mosaic: drained, bye" : `mosaic: drain deadline passed with ${r.left} calls in flight, closing`)
    process.exit(0)
  }
  process.on("SIGINT", () => void stop("SIGINT"))
  process.on("SIGTERM", () => void stop("SIGTERM"))
} catch (e) {
  fail((e as { message?: string }).message ?? String(e))
}
