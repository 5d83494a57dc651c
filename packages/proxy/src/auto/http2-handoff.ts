// The HTTP/2 hand-off contract: an adapter (e.g. @mosaic/h2-node over node:http2) takes detected h2 connections.
import { Context } from "effect"
import type { Connection } from "@mosaic/transport"
import type { ListenerLimits } from "../config/listener-limits.ts"

/** What the adapter is asked to do with one HTTP/2 connection. */
export interface Http2Target {
  /** `runtime`: serve the Runtime API (gRPC/Connect); `proxy`: forward each stream to `pickHost()`. */
  readonly mode: "runtime" | "proxy"
  /** proxy mode: admit a request to the cluster and pick a host ("host:port"); call `release` when the stream ends. */
  readonly pickHost: () => { readonly address: string; readonly release: () => void } | string
  /** Per stream (QPS limiter): false = answer it RESOURCE_EXHAUSTED / 429 without serving it. */
  readonly admit: () => boolean
  /** The connection is over the connection limit: answer its streams RESOURCE_EXHAUSTED, then close it. */
  readonly rejectAll: boolean
  /** Must be called once when the connection ends (releases the connection limiter). */
  readonly onClose: () => void
  readonly log: (message: string) => void
  /** The listener's timeouts (ms): idle session, first stream, request body. */
  readonly limits?: ListenerLimits
}

export interface Http2HandoffShape {
  /**
   * Take a detected HTTP/2 connection. `connection` replays `firstBytes` then forwards; `real` is the
   * transport's own connection (a TcpConnection whose socket can be detached), or the same object.
   */
  readonly take: (connection: Connection, firstBytes: Uint8Array, real: Connection, target: Http2Target) => void
  /** Close every connection taken (proxy shutdown). */
  readonly closeAll: () => void
}

/** Provided by the app (the gateway); without it an Auto listener closes HTTP/2 connections with a log line. */
export class Http2Handoff extends Context.Service<Http2Handoff, Http2HandoffShape>()("@mosaic/proxy/Http2Handoff") {}
