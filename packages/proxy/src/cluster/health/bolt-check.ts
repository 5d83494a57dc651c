// Bolt health check: a heartbeat request (v1 or v2); healthy when the heartbeat ack with the same id says SUCCESS.
import { BoltStatus, createBoltDecoder, encodeHeartbeat, isHeartbeatAck } from "@mosaic/protocol-bolt"
import type { HealthCheckConfig } from "../../config/cluster.ts"
import type { HealthChecker, HealthCheckSession } from "./health-checker.ts"

/** A heartbeat ack is a bare header; anything near this size is not one. */
const LIMITS = { maxFrameSize: 64 * 1024, maxHeaderSize: 16 * 1024 }

let nextId = 1

export const makeBoltCheck = (config: HealthCheckConfig, version: 1 | 2): HealthChecker => ({
  protocol: version === 1 ? "bolt" : "boltv2",
  session: (): HealthCheckSession => {
    const id = nextId++ & 0x7fffffff
    const decoder = createBoltDecoder(LIMITS)
    return {
      timeoutMs: config.timeout,
      request: encodeHeartbeat(id, version),
      onData: (chunk) => {
        try {
          decoder.push(chunk)
          for (let d = decoder.read(); d !== undefined; d = decoder.read()) {
            if (isHeartbeatAck(d.frame) && d.frame.requestId === id) return d.frame.status === BoltStatus.SUCCESS
          }
        } catch {
          return false
        }
        return undefined
      }
    }
  }
})
