// A registered protocol's health check: its health probe (e.g. a heartbeat) with a fresh id per check.
import type { Protocol } from "@mosaic/protocol"
import type { HealthCheckConfig } from "../../config/cluster.ts"
import type { HealthChecker, HealthCheckSession } from "./health-checker.ts"

let nextId = 1

export const makeProtocolCheck = (config: HealthCheckConfig, protocol: Protocol): HealthChecker => ({
  protocol: protocol.name,
  session: (): HealthCheckSession => {
    const probe = protocol.healthProbe!(nextId++ & 0x7fffffff)
    return { timeoutMs: config.timeout, request: probe.request, onData: (chunk) => probe.onData(chunk) }
  }
})
