// A listener's timeouts and limits against slow, idle and greedy clients (MOSN-like names, safe defaults).
import { Effect, Schema } from "effect"
import { durationOr } from "@mosaic/kernel"

const NonNegativeInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))
const intOr = (value: number) => NonNegativeInt.pipe(Schema.withDecodingDefault(Effect.succeed(value)))

/**
 * Listener fields, beside `address` and `filter_chains`. Durations are Go strings ("90s") or ms; 0 turns
 * a timeout or a limit off.
 */
export const listenerLimitFields = {
  /** MOSN `connection_idle_timeout`: a connection with no request in flight and no byte read for this long is closed. */
  connection_idle_timeout: durationOr("90s"),
  /** A request's head (HTTP/1 start line and headers; the first frame on RPC protocols) must arrive within this of its first byte, and the first request within this of accept. */
  header_read_timeout: durationOr("10s"),
  /** A request body must be read within this of its head. */
  request_body_timeout: durationOr("60s"),
  /** Largest request head (HTTP/1 start line + headers). */
  max_header_bytes: intOr(16 * 1024),
  /** Largest request body (HTTP/1) or frame body (RPC protocols). */
  max_body_bytes: intOr(4 * 1024 * 1024),
  /** Connections open at once on this listener; more are closed at accept. */
  max_connections: intOr(0)
}

/** The decoded values, in ms and bytes. */
export interface ListenerLimits {
  readonly connection_idle_timeout: number
  readonly header_read_timeout: number
  readonly request_body_timeout: number
  readonly max_header_bytes: number
  readonly max_body_bytes: number
  readonly max_connections: number
}
