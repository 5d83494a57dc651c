// Config of a proxy filter with `downstream_protocol: "Auto"`: detection limits, fallback, HTTP/2 hand-off, listener limiters.
import { Effect, Schema } from "effect"
import { durationOr } from "@mosaic/kernel"
import { TransmetaFilterConfig } from "../stream/filters/transmeta.ts"

export const DetectConfig = Schema.Struct({
  /** Give up when this many bytes leave the decision open. */
  max_bytes: Schema.Number.pipe(Schema.withDecodingDefault(Effect.succeed(64))),
  /** Give up when no decision is made within this time. */
  timeout: durationOr("5s"),
  /**
   * Protocols tried: `http1`, `http2` and registered protocols or protocol families (`bolt` = bolt and
   * boltv2), in the order of `order` whatever the order here; default: HTTP/1, HTTP/2 and every registered
   * protocol with a matcher.
   */
  protocols: Schema.optionalKey(Schema.Array(Schema.String)),
  /**
   * The order matchers run in, by protocol name; names not listed run after, in registration order. Default
   * @mosaic/detect's `defaultOrder` (HTTP/2 and the Thrift family before Bolt: see its collision note).
   */
  order: Schema.optionalKey(Schema.Array(Schema.String)),
  /** Unknown protocol: raw TCP proxy to a host of this cluster instead of closing (MOSN fallback_for_unknown_protocol). */
  fallback_cluster: Schema.optionalKey(Schema.String)
})
export type DetectConfig = typeof DetectConfig.Type

export const Http2Config = Schema.Struct({
  /** `runtime`: the Runtime API (gRPC/Connect) ingress; `proxy`: h2 to `cluster`; `off`: not detected. */
  mode: Schema.Literals(["runtime", "proxy", "off"]).pipe(Schema.withDecodingDefault(Effect.succeed("runtime" as const))),
  cluster: Schema.optionalKey(Schema.String)
})
export type Http2Config = typeof Http2Config.Type

/** Kitex's server limiter on the listener (0 = unlimited): connections open at once, requests per second. */
export const LimitsConfig = Schema.Struct({
  max_connections: Schema.Number.pipe(Schema.withDecodingDefault(Effect.succeed(0))),
  max_qps: Schema.Number.pipe(Schema.withDecodingDefault(Effect.succeed(0)))
})
export type LimitsConfig = typeof LimitsConfig.Type

/** The extra proxy-filter fields (all optional; defaults above). */
export const autoFilterFields = {
  detect: Schema.optionalKey(DetectConfig),
  http2: Schema.optionalKey(Http2Config),
  limits: Schema.optionalKey(LimitsConfig),
  /** Kitex's meta handler at the head of the listener pipeline (the `transmeta` stream filter's settings); absent: none. */
  meta: Schema.optionalKey(TransmetaFilterConfig)
}
