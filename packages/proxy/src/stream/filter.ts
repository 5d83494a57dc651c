// The stream filter API (MOSN stream_filter.go): stages, statuses, the request/response view a filter gets, the plugin kind.
import { type ConfigError, kind } from "@mosaic/kernel"
import type { Protocol } from "@mosaic/protocol"
import type { Host } from "../cluster/host.ts"
import type { RouteRule } from "../router/route-rule.ts"
import type { PhaseName } from "./phase.ts"

/**
 * What a filter returns (MOSN's StreamFilterStatus strings).
 * - `Continue`: the next filter runs.
 * - `Stop`: the filter has sent, or will send, a reply (`sendHijack` / `sendDirectResponse`), or will call
 *   `resume()` (e.g. after a delay). The stream waits; the rest of the chain runs only after `resume()`.
 *   At `before_send` it ends the chain: the response (as the filter left it) is written.
 * - `Terminate`: the stream ends now: a reply already set is written as it is; without one the downstream
 *   is reset (HTTP/1: the connection closes after the replies owed before it).
 * - `RetryMatchRoute` (only at `after_route`): route matching runs again (after the filter changed the
 *   request), then `after_route` resumes at this same filter, which must return something else once done.
 * - `RetryChooseHost` (only at `after_choose_host`): host choice runs again, then this filter runs again.
 * The two Retry values anywhere else are logged and end that stage's chain (MOSN).
 */
export const StreamFilterStatus = {
  Continue: "Continue",
  Stop: "Stop",
  Terminate: "termination",
  RetryMatchRoute: "Retry Match Route",
  RetryChooseHost: "Retry Choose Host"
} as const
export type StreamFilterStatus = (typeof StreamFilterStatus)[keyof typeof StreamFilterStatus]

/** Where a filter runs: three receive stages (MOSN ReceiverFilterPhase) and one send stage (SenderFilterPhase). */
export const STREAM_FILTER_STAGES = ["before_route", "after_route", "after_choose_host", "before_send"] as const
export type StreamFilterStage = (typeof STREAM_FILTER_STAGES)[number]

/** A protocol's header map as filters see it (MOSN api.HeaderMap); names are case-insensitive. */
export interface HeaderMap {
  /** The first value, or undefined. */
  get(name: string): string | undefined
  /** Replace every value of `name` with one. */
  set(name: string, value: string): void
  /** One more value (protocols with single-valued headers replace). */
  add(name: string, value: string): void
  del(name: string): void
  forEach(fn: (value: string, name: string) => void): void
}

/**
 * One request as a filter sees it (MOSN's StreamReceiverFilterHandler + StreamSenderFilterHandler in one).
 * Request fields are readable at every stage and writable until the request is sent upstream; response
 * fields exist at `before_send` only.
 */
export interface StreamFilterHandler {
  /** The downstream protocol's name: "Http1", or a registered protocol's. */
  readonly protocol: string
  /** The downstream protocol's trace codec (Protocol.traceCodec); undefined for HTTP/1 and protocols without one. */
  readonly traceCodec?: Protocol["traceCodec"]
  readonly stage: StreamFilterStage
  readonly phase: PhaseName
  readonly remoteAddress: string
  /** Request method ("" for RPC protocols without one), path and Host as routed. */
  readonly method: string
  /**
   * HTTP/1: assign to change the request's path (the query string is kept): a later MatchRoute (after_route
   * returning RetryMatchRoute) routes on it and the upstream request carries it, until the request is
   * sent. RPC protocols: always "" (an assignment is logged and ignored).
   */
  path: string
  readonly requestHeaders: HeaderMap
  /** The whole request body (bodies are buffered); assign to replace it. */
  requestBody: Uint8Array
  /** The matched route (from `after_route` on; undefined when nothing matched). */
  readonly route: RouteRule | undefined
  /** The chosen cluster and host (from `after_choose_host` on). */
  readonly clusterName: string | undefined
  readonly upstreamHost: Host | undefined
  /** Response status (HTTP status; the protocol's own for RPC), headers and body: `before_send` only. */
  responseStatus: number
  readonly responseHeaders: HeaderMap
  responseBody: Uint8Array
  /**
   * Answer with the proxy's own reply for `status` (an HTTP status; RPC protocols map it to theirs, as
   * MOSN's Hijacker.Mapping does), a reason text and optional extra headers. Ends the receive stages.
   */
  sendHijack(status: number, reason: string, headers?: Readonly<Record<string, string>>): void
  /** Answer with this status, headers and body instead of forwarding (MOSN SendDirectResponse). */
  sendDirectResponse(status: number, headers?: Readonly<Record<string, string>>, body?: string | Uint8Array): void
  /** After `Stop`: run the rest of the chain and go on. Ignored once the stream has a reply or has ended. */
  resume(): void
  /** Per-request values shared by filters (MOSN variables). */
  getVariable(name: string): unknown
  setVariable(name: string, value: unknown): void
}

/**
 * A stream filter: one function per stage it runs at. One value serves every request of the listeners
 * it is configured on; keep per-request state in `setVariable`.
 */
export interface StreamFilter {
  readonly beforeRoute?: ((stream: StreamFilterHandler) => StreamFilterStatus) | undefined
  readonly afterRoute?: ((stream: StreamFilterHandler) => StreamFilterStatus) | undefined
  readonly afterChooseHost?: ((stream: StreamFilterHandler) => StreamFilterStatus) | undefined
  readonly beforeSend?: ((stream: StreamFilterHandler) => StreamFilterStatus) | undefined
  /**
   * Called once when the request is over, whatever happened (replied, reset, the caller gone; MOSN
   * OnDestroy): free what was kept for this request. Every filter of the chain gets it, also filters that
   * never ran for this request. An exception is logged and does not stop the others.
   */
  readonly onDestroy?: ((stream: StreamFilterHandler) => void) | undefined
}

/** The plugin kind of stream filters: `definePlugin(StreamFilterKind, { name, config, make })`. */
export const StreamFilterKind = kind<StreamFilter, ConfigError>("stream_filter")
