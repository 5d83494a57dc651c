// TCP health check (MOSN's default session): the host is healthy when a connection opens within the timeout.
import type { HealthCheckConfig } from "../../config/cluster.ts"
import type { HealthChecker, HealthCheckSession } from "./health-checker.ts"

export const makeTcpCheck = (config: HealthCheckConfig): HealthChecker => {
  const session: HealthCheckSession = { timeoutMs: config.timeout, request: undefined, onData: () => true }
  return { protocol: "tcp", session: () => session }
}
