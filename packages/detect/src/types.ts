// Detection contract: protocols with three-way matchers and connection takers, reject reasons, options.
import type { Connection } from "@mosaic/transport"

export type MatchResult = "again" | "match" | "no-match"

/** Looks at the first bytes of a connection (all bytes read so far, from offset 0). Must not keep or mutate them. */
export type Matcher = (bytes: Uint8Array) => MatchResult

/**
 * Takes over a connection. Call `connection.setHandler` (now or later): the handler first receives the
 * bytes read during detection, then everything after, in order, exactly once. `firstBytes` is a read-only
 * peek at those same bytes (for logs or routing); do not process it as data as well.
 */
export type ConnectionTaker = (connection: Connection, firstBytes: Uint8Array) => void

export interface DetectProtocol {
  readonly name: string
  readonly match: Matcher
  readonly handle: ConnectionTaker
}

export type RejectReason = "timeout" | "no-match" | "too-many-bytes" | "closed"

export interface RejectInfo {
  readonly reason: RejectReason
  /** The connection's remote address. */
  readonly remote: string
  /** Bytes read before giving up. */
  readonly bytes: number
}

/** The timer functions the detector uses; injectable for tests with a fake clock. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface DetectorOptions {
  /** Tried in this order on every arrival; see `defaultOrder` and `orderProtocols`. */
  readonly protocols: ReadonlyArray<DetectProtocol>
  /** Gets every connection that no protocol claims (no-match, too-many-bytes, timeout); else those are closed. */
  readonly fallback?: ConnectionTaker
  /** Give up when this many bytes leave the decision open. Default 64. */
  readonly maxBytes?: number
  /** Give up when no decision is made within this time. Default 5000 ms. */
  readonly timeoutMs?: number
  /** Told about every connection closed without a decision (a log/metrics hook). */
  readonly onReject?: (info: RejectInfo) => void
  /** Told which protocol (or "fallback") took a connection. */
  readonly onDetect?: (name: string, connection: Connection) => void
  readonly timers?: Timers
}

export interface Detector {
  /** Starts detection on a fresh connection (installs a temporary handler). */
  accept(connection: Connection): void
  /** Connections still being detected. */
  readonly pending: number
}
