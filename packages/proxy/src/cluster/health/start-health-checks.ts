// Starts active health checks for every cluster with a health_check, owned by the proxy's scope; checkers by protocol.
import { Effect, type Scope } from "effect"
import type { TransportShape } from "@mosaic/transport"
import type { HealthCheckConfig } from "../../config/cluster.ts"
import type { Cluster } from "../cluster.ts"
import { makeBoltCheck } from "./bolt-check.ts"
import { makeDubboCheck } from "./dubbo-check.ts"
import type { HealthChecker } from "./health-checker.ts"
import { HealthMonitor } from "./health-monitor.ts"
import { makeHttpCheck } from "./http-check.ts"
import { makeTcpCheck } from "./tcp-check.ts"

/** The checker for a health_check config, by its `protocol` (case-insensitive; the schema rejects others). */
export const healthCheckerFor = (config: HealthCheckConfig): HealthChecker => {
  switch (config.protocol.toLowerCase()) {
    case "http1":
    case "http":
      return makeHttpCheck(config)
    case "bolt":
      return makeBoltCheck(config, 1)
    case "boltv2":
      return makeBoltCheck(config, 2)
    case "dubbo":
      return makeDubboCheck(config)
    default:
      return makeTcpCheck(config)
  }
}

/**
 * Run health checks until the scope closes (timers cleared, running checks cancelled and awaited). Each
 * monitor follows its cluster's membership changes.
 */
export const startHealthChecks = (
  clusters: Iterable<Cluster>,
  transport: TransportShape
): Effect.Effect<ReadonlyArray<HealthMonitor>, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const monitors: Array<{ monitor: HealthMonitor; unwatch: () => void }> = []
      for (const c of clusters) {
        if (c.healthCheck === undefined) continue
        const monitor = new HealthMonitor(c.hosts, c.healthCheck, healthCheckerFor(c.healthCheck), transport)
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
