// The `mosaic` CLI: `mosaic run -c <config.json>` runs a runtime from a Layotto/MOSN-shaped config until a signal.
import { readFileSync, watch } from "node:fs"
import { basename, dirname } from "node:path"
import { startFromConfig } from "./main.ts"
import { installProcessSignals } from "./process-signals.ts"

const usage = `usage: mosaic run -c <config.json> [--drain-timeout <ms>] [--watch]

  -c, --config          Layotto/MOSN-shaped JSON config (servers[].listeners[], cluster_manager)
  --drain-timeout       on SIGINT/SIGTERM, wait this long for calls in flight (default 5000 ms)
  --watch               reload when the config file changes (as SIGHUP does)

  SIGINT, SIGTERM: stop accepting, finish the calls in flight, exit. SIGHUP: reload the config file.`

const fail = (message: string): never => {
  console.error(message)
  process.exit(1)
}

const args = process.argv.slice(2)
if (args[0] !== "run") fail(usage)
let file: string | undefined
let drainMs = 5000
let watchFile = false
for (let i = 1; i < args.length; i++) {
  const a = args[i]
  if (a === "-c" || a === "--config") file = args[++i]
  else if (a === "--drain-timeout") drainMs = Number(args[++i])
  else if (a === "--watch") watchFile = true
  else fail(`unknown argument "${a}"\n${usage}`)
}
if (file === undefined) fail(usage)
if (!Number.isFinite(drainMs) || drainMs < 0) fail(`--drain-timeout: a number of milliseconds, got "${drainMs}"`)

const readConfig = (): unknown => JSON.parse(readFileSync(file!, "utf8"))
const messageOf = (e: unknown): string => (e as { message?: string }).message ?? String(e)

let config: unknown
try {
  config = readConfig()
} catch (e) {
  fail(`config error: ${file}: ${messageOf(e)}`)
}

try {
  const running = await startFromConfig(config)
  console.log(`mosaic: runtime up (grpc on ${running.handle.ingressPorts.join(", ") || "none"}), config ${file}, pid ${process.pid}`)
  let reloads = 0
  let queue: Promise<void> = Promise.resolve()
  // one reload at a time, in the order asked
  const reload = (why: string): Promise<void> =>
    queue = queue.then(async () => {
      const n = ++reloads
      try {
        await running.reload(readConfig())
        console.log(`mosaic: reload ${n} (${why}): config ${file} in force`)
      } catch (e) {
        console.error(`mosaic: reload ${n} (${why}) refused, the previous config keeps serving: ${messageOf(e)}`)
      }
    })
  installProcessSignals({
    log: (line) => console.log(line),
    reload: () => reload("SIGHUP"),
    drain: async (why) => {
      console.log(`mosaic: ${why}, draining ${running.lifecycle.inFlight()} calls in flight (up to ${drainMs} ms)`)
      const r = await running.stop(drainMs)
      console.log(r.drained ? "mosaic: drained, bye" : `mosaic: drain deadline passed with ${r.left} calls in flight, closing`)
    }
  })
  if (watchFile) {
    let timer: ReturnType<typeof setTimeout> | undefined
    // the directory, not the file: editors and `mv` replace the file, and a watch on it would go stale
    const watcher = watch(dirname(file!), (_, name) => {
      if (name !== null && String(name) !== basename(file!)) return
      clearTimeout(timer)
      timer = setTimeout(() => void reload("file changed"), 200)
    })
    watcher.unref()
  }
} catch (e) {
  fail(messageOf(e))
}
