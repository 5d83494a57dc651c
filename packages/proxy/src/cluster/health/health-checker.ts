// The health-check contract: a checker per protocol makes one session per check (bytes to send, a verdict on the reply).
import type { HealthCheckConfig } from "../../config/cluster.ts"
import type { Host } from "../host.ts"

/** One check of one host. */
export interface HealthCheckSession {
  /** Port to connect to; the host's own when undefined. */
  readonly port?: number | undefined
  /** Give up after this long (connect included). */
  readonly timeoutMs: number
  /** Bytes written once connected; undefined: connecting is the whole check (TCP). */
  readonly request: Uint8Array | undefined
  /** Reply bytes as they arrive: true / false once decided, undefined to wait for more. */
  onData(chunk: Uint8Array): boolean | undefined
  /** The peer closed first: the final verdict (e.g. an HTTP answer read until close); absent = unhealthy. */
  onEnd?(): boolean
}

export interface HealthChecker {
  /** The protocol name, lower-case ("tcp", "http1", or a registered protocol's). */
  readonly protocol: string
  session(host: Host): HealthCheckSession
}

/** Builds a cluster's checker from its health_check config. */
export type HealthCheckerFactory = (config: HealthCheckConfig) => HealthChecker
