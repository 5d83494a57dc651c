// Built-in stream filter `fault` (MOSN's fault stream filter; alias `fault_inject`): delay and/or abort a share of requests.
import { Effect, Schema } from "effect"
import { definePlugin, Duration, durationOr } from "@mosaic/kernel"
import { HeaderMatcher } from "../../config/router.ts"
import { type StreamFilter, type StreamFilterHandler, StreamFilterKind, StreamFilterStatus } from "../filter.ts"

const Percentage = Schema.Number.check(Schema.isBetween({ minimum: 0, maximum: 100 }))

/** MOSN StreamFaultInject; `delay_percent` / `delay_duration` (MOSN's network-filter form) are read as `delay`. */
export const FaultConfig = Schema.Struct({
  /** `fixed_delay` before the request goes on, for `percentage` % of requests. */
  delay: Schema.optionalKey(Schema.Struct({ fixed_delay: Duration, percentage: Percentage })),
  /** Answer `status` instead of forwarding, for `percentage` % of requests (after the delay when both hit). */
  abort: Schema.optionalKey(Schema.Struct({ status: Schema.Int.check(Schema.isBetween({ minimum: 200, maximum: 599 })), percentage: Percentage })),
  /** Only requests routed to this cluster (the route's cluster_name); empty: all. */
  upstream_cluster: Schema.String.pipe(Schema.withDecodingDefault(Effect.succeed(""))),
  /** Only requests with all these headers. */
  headers: Schema.Array(HeaderMatcher).pipe(Schema.withDecodingDefault(Effect.succeed([]))),
  delay_percent: Schema.optionalKey(Percentage),
  delay_duration: Schema.optionalKey(durationOr("0"))
})
export type FaultConfig = typeof FaultConfig.Type

export interface FaultOptions {
  /** Uniform [0, 1); Math.random by default. */
  readonly random?: () => number
}

/** The filter (stage after_route, so `upstream_cluster` can be checked against the matched route). */
export const faultFilter = (config: FaultConfig, options: FaultOptions = {}): StreamFilter => {
  const random = options.random ?? Math.random
  const delay = config.delay ??
    (config.delay_percent !== undefined ? { fixed_delay: config.delay_duration ?? 0, percentage: config.delay_percent } : undefined)
  const abort = config.abort
  const headers = config.headers.map((h) => ({ name: h.name, value: h.value, regex: h.regex ? new RegExp(h.value) : undefined }))
  const applies = (s: StreamFilterHandler): boolean => {
    if (config.upstream_cluster !== "" && s.route?.action.clusterName !== config.upstream_cluster) return false
    for (const h of headers) {
      const v = s.requestHeaders.get(h.name)
      if (v === undefined || (h.regex === undefined ? v !== h.value : !h.regex.test(v))) return false
    }
    return true
  }
  return {
    afterRoute: (s) => {
      if (!applies(s)) return StreamFilterStatus.Continue
      const delayed = delay !== undefined && delay.fixed_delay > 0 && random() * 100 < delay.percentage
      const aborted = abort !== undefined && random() * 100 < abort.percentage
      if (delayed) {
        setTimeout(() => (aborted ? s.sendHijack(abort.status, "fault injected") : s.resume()), delay.fixed_delay)
        return StreamFilterStatus.Stop
      }
      if (aborted) {
        s.sendHijack(abort.status, "fault injected")
        return StreamFilterStatus.Stop
      }
      return StreamFilterStatus.Continue
    }
  }
}

const plugin = (name: string) =>
  definePlugin(StreamFilterKind, {
    name,
    description: "fault injection: fixed delay and/or abort with a status for a percentage of requests (MOSN fault)",
    config: FaultConfig,
    make: (config: FaultConfig) => Effect.sync(() => faultFilter(config))
  })

export const faultPlugin = plugin("fault")
export const faultInjectPlugin = plugin("fault_inject")
