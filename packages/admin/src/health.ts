// Layotto's actuator health: per-component indicators, the overall status, and the HTTP code (503 when not serving).
import type { LifecycleState } from "@mosaic/kernel"

export type HealthStatus = LifecycleState

export interface Indicator {
  readonly status: HealthStatus
  readonly details?: Record<string, unknown>
}

export interface HealthReport {
  readonly status: HealthStatus
  readonly components: Record<string, Indicator>
}

/** The worst of the components: any DOWN is DOWN, else any INIT is INIT, else UP. */
export const overall = (components: Record<string, Indicator>): HealthStatus => {
  const all = Object.values(components).map((c) => c.status)
  return all.includes("DOWN") ? "DOWN" : all.includes("INIT") ? "INIT" : "UP"
}

export const report = (components: Record<string, Indicator>): HealthReport => ({ status: overall(components), components })

/**
 * Readiness: 200 only when UP (INIT: still starting, DOWN: draining; both 503 so no traffic is sent).
 * Liveness: 503 only when DOWN (a starting process is alive).
 */
export const httpStatus = (probe: "readiness" | "liveness", status: HealthStatus): number =>
  status === "DOWN" || (probe === "readiness" && status === "INIT") ? 503 : 200

/** The lifecycle as Layotto's `runtime_startup` indicator. */
export const lifecycleIndicator = (state: LifecycleState): Indicator => ({
  status: state,
  details: { reason: state === "INIT" ? "starting" : state === "DOWN" ? "draining: stopped accepting, finishing calls in flight" : "" }
})
