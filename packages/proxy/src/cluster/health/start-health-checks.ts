// Starts active health checks for every cluster with a health_check, owned by the proxy's scope; checkers by protocol.
import { Effect, type Scope } from "effect"
import type { Protocol } from "@mosaic/protocol"
import type { TransportShape } from "@mosaic/transport"
import type { HealthCheckConfig } from "../../config/cluster.ts"
import type { Cluster } from "../cluster.ts"
import type { HealthChecker } from "./health-checker.ts"
import { HealthMonitor } from "./health-monitor.ts"
import { makeHttpCheck } from "./http-check.ts"
import { makeProtocolCheck } from "./protocol-check.ts"
import { makeTcpCheck } from "./tcp-check.ts"

/**
 * The checker for a health_check config, by its `protocol` (case-insensitive): HTTP/1, a registered
 * protocol's probe from `probes` (compileProxy checked the name), else a TCP connect.
 */
export const healthCheckerFor = (config: HealthCheckConfig, probes: ReadonlyMap<string, Protocol> = new Map()): HealthChecker => {
  const name = config.protocol.toLowerCase()
  if (name === "http1" || name === "http") return makeHttpCheck(config)
  const p = probes.get(name)
  return p?.healthProbe !== undefined ? makeProtocolCheck(config, p) : makeTcpCheck(config)
}

/**
 * Run health checks until the scope closes (timers cleared, running checks cancelled and awaited). Each
 * monitor follows its cluster's membership changes.
 */
export const startHealthChecks = (
  clusters: Iterable<Cluster>,
  transport: TransportShape,
  probes: ReadonlyMap<string, Protocol> = new Map()
): Effect.Effect<ReadonlyArray<HealthMonitor>, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const monitors: Array<{ monitor: HealthMonitor; unwatch: () => void }> = []
      for (const c of clusters) {
        if (c.healthCheck === undefined) continue
        const monitor = new HealthMonitor(c.hosts, c.healthCheck, healthCheckerFor(c.healthCheck, probes), transport)
        monitor.start()
        monitors.push({ monitor, unwatch: c.watch((hosts) => monitor.setHosts(hosts)) })
      }
      return monitors
    }),
    (monitors) =>
      Effect.promise(() =>
        Promise.all(monitors.map(({ monitor, unwatch }) => {
          unwatch()
          return monitor.close()
        }))
      )
  ).pipe(Effect.map((list) => list.map((m) => m.monitor)))
