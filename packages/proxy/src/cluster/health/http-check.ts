// HTTP/1.1 health check: GET check_config.http_check_config.path; healthy when the status is expected (200 by default).
import { createResponseDecoder, encodeRequest } from "@mosaic/protocol-http1"
import type { HealthCheckConfig } from "../../config/cluster.ts"
import type { Host } from "../host.ts"
import type { HealthChecker, HealthCheckSession } from "./health-checker.ts"

/** A health reply bigger than this counts as a failure. */
const LIMITS = { maxBodyBytes: 1024 * 1024 }

export const makeHttpCheck = (config: HealthCheckConfig): HealthChecker => {
  const http = config.check_config.http_check_config
  const path = http?.path ?? "/"
  const expected = new Set(http?.expected_statuses ?? [200])
  const timeoutMs = http?.timeout ?? config.timeout
  const port = http?.port
  return {
    protocol: "http1",
    session: (host: Host): HealthCheckSession => {
      let verdict: boolean | undefined
      const decoder = createResponseDecoder({ onResponse: (r) => void (verdict = expected.has(r.status)), limits: LIMITS })
      decoder.expect("GET")
      const authority = port === undefined ? host.address : `${host.ip.includes(":") ? `[${host.ip}]` : host.ip}:${port}`
      const request = encodeRequest({
        method: "GET",
        target: path,
        headers: ["Host", authority, "User-Agent", "mosaic-health-check", "Connection", "close"]
      })
      return {
        port,
        timeoutMs,
        request,
        onData: (chunk) => {
          try {
            decoder.push(chunk)
          } catch {
            return false
          }
          return verdict
        },
        onEnd: () => {
          try {
            decoder.end() // completes an answer delimited by the close
          } catch {
            return false
          }
          return verdict ?? false
        }
      }
    }
  }
}
