// The `mosaic` CLI: `mosaic run -c <config.json>` runs a runtime from a Layotto/MOSN-shaped config until a signal.
import { readFileSync, watch } from "node:fs"
import { basename, dirname, resolve } from "node:path"
import { log } from "@mosaic/kernel"
import { installProcessSignals } from "./process-signals.ts"
import { loadPlugins, pluginSpecsOf, resolvePluginSpecs } from "./plugin-loader.ts"

const usage = `usage: mosaic run -c <config.json> [--plugin <package or path>]... [--drain-timeout <ms>] [--watch]

  -c, --config          Layotto/MOSN-shaped JSON config (servers[].listeners[], cluster_manager; "plugins":
                        plugin packages by name or path, resolved from the config file's directory)
  --plugin              load a plugin package (its \`plugins\` export) by name or path, from the current
                        directory; repeatable
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
const pluginSpecs: Array<string> = []
for (let i = 1; i < args.length; i++) {
  const a = args[i]
  if (a === "-c" || a === "--config") file = args[++i]
  else if (a === "--plugin") {
    const spec = args[++i]
    if (spec === undefined || spec === "") fail(`--plugin: a package name or path\n${usage}`)
    pluginSpecs.push(spec!)
  } else if (a.startsWith("--plugin=")) pluginSpecs.push(a.slice("--plugin=".length))
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
  // plugin specs first, before the runtime's modules load: a spec that does not resolve fails at once
  const configDir = dirname(resolve(file!))
  resolvePluginSpecs(pluginSpecs, process.cwd())
  resolvePluginSpecs(pluginSpecsOf(config), configDir)
  const plugins = await loadPlugins(pluginSpecs, process.cwd())
  const { startFromConfig } = await import("./main.ts")
  const running = await startFromConfig(config, { plugins, configDir, reloadSource: readConfig })
  const admin = running.admin.map((a) => `${a.address}:${a.port}`).join(", ")
  log.info(`mosaic: runtime up (grpc on ${running.handle.ingressPorts.join(", ") || "none"}), config ${file}, pid ${process.pid}${admin === "" ? "" : `, admin on ${admin}`}`)
  let reloads = 0
  let queue: Promise<void> = Promise.resolve()
  // one reload at a time, in the order asked
  const reload = (why: string): Promise<void> =>
    queue = queue.then(async () => {
      const n = ++reloads
      try {
        await running.reload(readConfig())
        log.info(`mosaic: reload ${n} (${why}): config ${file} in force`)
      } catch (e) {
        log.error(`mosaic: reload ${n} (${why}) refused, the previous config keeps serving: ${messageOf(e)}`)
      }
    })
  installProcessSignals({
    log: (line) => log.info(line),
    reload: () => reload("SIGHUP"),
    drain: async (why) => {
      log.info(`mosaic: ${why}, draining ${running.lifecycle.inFlight()} calls in flight (up to ${drainMs} ms)`)
      const r = await running.stop(drainMs)
      log.info(r.drained ? "mosaic: drained, bye" : `mosaic: drain deadline passed with ${r.left} calls in flight, closing`)
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
