// The admin HTTP server: MOSN, Envoy and Layotto endpoints on a separate loopback listener; state changes are POST only.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { parseLogLevel } from "@mosaic/kernel"
import { CONTENT_TYPE } from "@mosaic/metrics"
import type { AdminSource } from "./admin-source.ts"
import { bindRefusal } from "./bind-policy.ts"
import { DASHBOARD_PATHS, dashboardAssets } from "./dashboard-assets.ts"
import { DashboardSampler } from "./dashboard-sampler.ts"
import { httpStatus, lifecycleIndicator, report } from "./health.ts"
import { redact } from "./redact.ts"

export interface AdminOptions {
  /** Host to bind (default 127.0.0.1). */
  readonly address?: string
  /** Port (default 34901, MOSN's; 0: any free port). */
  readonly port?: number
  /** Allow a non-loopback address (default false: such a bind is refused). */
  readonly allowRemote?: boolean
  /** Largest POST body read (default 1 MiB). */
  readonly maxBodyBytes?: number
  /** Serve only the paths starting with one of these (a metrics-only or actuator-only port); default: all. */
  readonly paths?: ReadonlyArray<string>
  /** Serve the dashboard at `/` and sample the registry for it once a second (default: true when `paths` is not given). */
  readonly dashboard?: boolean
}

export interface AdminServer {
  readonly address: string
  readonly port: number
  readonly close: () => Promise<void>
}

export class AdminBindError extends Error {
  readonly reason: "NotLoopback" | "Listen"
  constructor(reason: "NotLoopback" | "Listen", message: string) {
    super(message)
    this.reason = reason
  }
}

export const DEFAULT_ADMIN_PORT = 34901

interface Reply {
  readonly status: number
  readonly body: string
  readonly type?: string
  readonly headers?: Record<string, string>
}

const json = (value: unknown, status = 200): Reply => ({ status, body: JSON.stringify(value, null, 2) + "\n", type: "application/json" })
const text = (body: string, status = 200): Reply => ({ status, body, type: "text/plain; charset=utf-8" })
const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e))

type Handler = (body: string) => Reply | Promise<Reply>
interface Route {
  readonly method: "GET" | "POST"
  readonly handle: Handler
}

const routes = (source: AdminSource, sampler: DashboardSampler | undefined, dashboard: boolean): Map<string, Route> => {
  const readiness = () => {
    const components = { runtime_startup: lifecycleIndicator(source.lifecycle.state()), ...source.components?.() }
    return report(components)
  }
  const liveness = () => {
    // a draining process is alive: liveness is DOWN only if a component says so
    const state = source.lifecycle.state()
    return report({ runtime_startup: lifecycleIndicator(state === "DOWN" ? "UP" : state) })
  }
  const get = (handle: Handler): Route => ({ method: "GET", handle })
  const post = (handle: Handler): Route => ({ method: "POST", handle })
  const probe = (which: "readiness" | "liveness") =>
    get(() => {
      const r = which === "readiness" ? readiness() : liveness()
      return json(r, httpStatus(which, r.status))
    })
  const pages: Array<[string, Route]> = !dashboard ? [] : [
    ...DASHBOARD_PATHS.map((p): [string, Route] => [p, get(() => {
      const asset = dashboardAssets().get(p)!
      return { status: 200, body: asset.body, type: asset.type }
    })]),
    ["/api/v1/dashboard", get(() => ({
      status: 200,
      type: "application/json",
      body: JSON.stringify(sampler === undefined ? { metrics: false, time: [], groups: [] } : { metrics: true, ...sampler.snapshot() })
    }))]
  ]
  return new Map<string, Route>([
    ...pages,
    ["/metrics", get(() => source.metrics === undefined ? text("metrics are off\n", 404) : { status: 200, body: source.metrics(), type: CONTENT_TYPE })],
    ["/stats/prometheus", get(() => source.metrics === undefined ? text("metrics are off\n", 404) : { status: 200, body: source.metrics(), type: CONTENT_TYPE })],
    ["/api/v1/config_dump", get(() => json(redact(source.config())))],
    ["/api/v1/stats", get(() => json(source.stats()))],
    ["/clusters", get(() => json(source.clusters()))],
    ["/listeners", get(() => json(source.listeners()))],
    ["/server_info", get(() => json({ ...source.serverInfo(), state: source.lifecycle.state() }))],
    ["/ready", get(() => {
      const state = source.lifecycle.state()
      return text(`${state === "UP" ? "LIVE" : state === "INIT" ? "PRE_INITIALIZING" : "DRAINING"}\n`, state === "UP" ? 200 : 503)
    })],
    ["/actuator/health/liveness", probe("liveness")],
    ["/actuator/health/readiness", probe("readiness")],
    ["/api/v1/get_loglevel", get(() => json({ log_level: source.logger.level() }))],
    ["/api/v1/update_loglevel", post((body) => {
      let parsed: { log_level?: unknown }
      try {
        parsed = JSON.parse(body) as { log_level?: unknown }
      } catch {
        return json({ error: `a JSON body {"log_level": "DEBUG"}` }, 400)
      }
      const level = typeof parsed?.log_level === "string" ? parseLogLevel(parsed.log_level) : undefined
      if (level === undefined) return json({ error: `log_level: one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL, got ${JSON.stringify(parsed?.log_level)}` }, 400)
      const was = source.logger.level()
      source.logger.setLevel(level)
      source.logger.info(`mosaic: log level ${was} -> ${level} (admin)`)
      return json({ log_level: level })
    })],
    ["/api/v1/reload", post(async (body) => {
      let config: unknown
      if (body.trim() !== "") {
        try {
          config = JSON.parse(body)
        } catch (e) {
          return json({ error: `the body is not JSON: ${messageOf(e)}` }, 400)
        }
      }
      try {
        await source.reload(config)
      } catch (e) {
        return json({ error: messageOf(e) }, 400)
      }
      return json({ status: "reloaded" })
    })]
  ])
}

const readBody = (req: IncomingMessage, max: number): Promise<string | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    let size = 0
    req.on("data", (c: Buffer) => {
      size += c.length
      if (size > max) {
        resolve(undefined)
        req.destroy()
        return
      }
      chunks.push(c)
    })
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    req.on("error", reject)
  })

/** Start the admin server; rejects with an AdminBindError for a non-loopback address without allowRemote, or a listen failure. */
export const startAdmin = async (source: AdminSource, options: AdminOptions = {}): Promise<AdminServer> => {
  const address = options.address ?? "127.0.0.1"
  const refusal = bindRefusal(address, options.allowRemote ?? false)
  if (refusal !== undefined) throw new AdminBindError("NotLoopback", refusal)
  const max = options.maxBodyBytes ?? 1 << 20
  const dashboard = options.dashboard ?? options.paths === undefined
  const sampler = dashboard && source.registry !== undefined ? new DashboardSampler(source.registry) : undefined
  const table = routes(source, sampler, dashboard)
  const send = (res: ServerResponse, r: Reply, head: boolean) => {
    res.writeHead(r.status, { "content-type": r.type ?? "text/plain; charset=utf-8", "cache-control": "no-store", ...r.headers })
    res.end(head ? undefined : r.body)
  }
  const server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? "/").split("?")[0]!
      const only = options.paths
      const route = only === undefined || only.some((p) => path.startsWith(p)) ? table.get(path) : undefined
      const method = req.method ?? "GET"
      const head = method === "HEAD"
      if (route === undefined) return send(res, text(`no admin endpoint ${path}\n`, 404), head)
      const allowed = route.method === "GET" ? ["GET", "HEAD"] : ["POST"]
      if (!allowed.includes(method)) {
        req.resume()
        return send(res, { ...text(`${path} takes ${allowed.join(", ")}\n`, 405), headers: { allow: allowed.join(", ") } }, head)
      }
      let body = ""
      if (route.method === "POST") {
        const read = await readBody(req, max)
        if (read === undefined) return send(res, { ...text("body too large\n", 413), headers: { connection: "close" } }, false)
        body = read
      }
      send(res, await route.handle(body), head)
    })().catch((e: unknown) => {
      if (!res.headersSent) send(res, text(`admin error: ${messageOf(e)}\n`, 500), false)
      else res.destroy()
    })
  })
  server.keepAliveTimeout = 5000
  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error) => reject(new AdminBindError("Listen", `admin server on ${address}:${options.port ?? DEFAULT_ADMIN_PORT}: ${e.message}`))
    server.once("error", onError)
    server.listen(options.port ?? DEFAULT_ADMIN_PORT, address, () => {
      server.off("error", onError)
      resolve()
    })
  })
  const bound = server.address() as AddressInfo
  const stopSampler = sampler?.start()
  return {
    address,
    port: bound.port,
    close: () =>
      new Promise<void>((resolve) => {
        stopSampler?.()
        server.close(() => resolve())
        server.closeAllConnections?.()
      })
  }
}
