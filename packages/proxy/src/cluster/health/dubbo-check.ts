// Dubbo health check: a heartbeat event; healthy when the event reply with the same id has status OK (20).
import { createDubboDecoder, DubboStatus, encodeHeartbeat } from "@mosaic/protocol-dubbo"
import type { HealthCheckConfig } from "../../config/cluster.ts"
import type { HealthChecker, HealthCheckSession } from "./health-checker.ts"

const LIMITS = { maxBodySize: 64 * 1024 }

let nextId = 1

export const makeDubboCheck = (config: HealthCheckConfig): HealthChecker => ({
  protocol: "dubbo",
  session: (): HealthCheckSession => {
    const id = nextId++ & 0x7fffffff
    const decoder = createDubboDecoder(LIMITS)
    return {
      timeoutMs: config.timeout,
      request: encodeHeartbeat(id),
      onData: (chunk) => {
        try {
          decoder.push(chunk)
          for (let d = decoder.read(); d !== undefined; d = decoder.read()) {
            const f = d.frame
            if (!f.request && f.event && f.requestId === id) return f.status === DubboStatus.OK
          }
        } catch {
          return false
        }
        return undefined
      }
    }
  }
})
