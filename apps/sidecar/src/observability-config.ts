// The admin and metrics sections: MOSN's "admin", Layotto's "metrics" sinks and actuator listener, mapped onto admin servers.
import { Effect, Schema } from "effect"
import { ConfigError, decodeConfig } from "@mosaic/kernel"

const Port = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 65535 }, { message: "a port 0-65535" }))

/** MOSN: `"admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 34901}}}`; `allow_remote` is Mosaic's. */
export const AdminSection = Schema.Struct({
  address: Schema.optionalKey(Schema.Struct({
    socket_address: Schema.Struct({ address: Schema.optionalKey(Schema.String), port_value: Schema.optionalKey(Port) })
  })),
  /** Bind a non-loopback address (the admin can reload the config and change log levels): must be said explicitly. */
  allow_remote: Schema.optionalKey(Schema.Boolean)
})

/** Layotto/MOSN: `"metrics": {"sinks": [{"type": "prometheus", "config": {"port": 34903}}]}`; `max_label_values` is Mosaic's. */
export const MetricsSection = Schema.Struct({
  sinks: Schema.optionalKey(Schema.Array(Schema.Struct({
    type: Schema.String,
    config: Schema.optionalKey(Schema.Struct({ address: Schema.optionalKey(Schema.String), port: Schema.optionalKey(Port) }))
  }))),
  /** Distinct values of one label (service, method, listener...) before the rest fold into "other" (default 100). */
  max_label_values: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 100000 }, { message: "1-100000" })))
})

/** One admin listener to start, and which paths it serves (undefined: all of them). */
export interface AdminEndpoint {
  readonly address: string
  readonly port: number
  readonly allowRemote: boolean
  readonly paths: ReadonlyArray<string> | undefined
  /** Where in the config it came from (for errors). */
  readonly path: string
}

export interface ObservabilityModel {
  readonly endpoints: ReadonlyArray<AdminEndpoint>
  readonly maxLabelValues: number | undefined
}

export const MOSN_ADMIN_PORT = 34901

/**
 * The admin endpoints of a config: MOSN's `admin` (all endpoints), each Layotto `metrics` sink of type
 * "prometheus" (`/metrics` only, on its port) and `actuators` (Layotto's actuator listeners, found by the
 * caller: `/actuator/` only). Metrics are on when there is at least one endpoint.
 */
export const observabilityOf = (
  config: { readonly admin?: unknown; readonly metrics?: unknown },
  actuators: ReadonlyArray<{ readonly address: string; readonly path: string }>
): Effect.Effect<ObservabilityModel, ConfigError> =>
  Effect.gen(function*() {
    const endpoints: Array<AdminEndpoint> = []
    if (config.admin !== undefined) {
      const admin = yield* decodeConfig(AdminSection, config.admin, "admin")
      const sa = admin.address?.socket_address
      endpoints.push({
        address: sa?.address ?? "127.0.0.1",
        port: sa?.port_value ?? MOSN_ADMIN_PORT,
        allowRemote: admin.allow_remote ?? false,
        paths: undefined,
        path: "admin.address.socket_address.address"
      })
    }
    let maxLabelValues: number | undefined
    if (config.metrics !== undefined) {
      const metrics = yield* decodeConfig(MetricsSection, config.metrics, "metrics")
      maxLabelValues = metrics.max_label_values
      for (const [i, sink] of (metrics.sinks ?? []).entries()) {
        if (sink.type !== "prometheus") {
          return yield* ConfigError.at(`metrics.sinks[${i}].type`, `"prometheus" (the only sink Mosaic has), got "${sink.type}"`)
        }
        endpoints.push({
          address: sink.config?.address ?? "127.0.0.1",
          port: sink.config?.port ?? 34903,
          allowRemote: false,
          paths: ["/metrics"],
          path: `metrics.sinks[${i}].config`
        })
      }
    }
    for (const a of actuators) {
      const m = /^\[?([^\]]*)\]?:(\d{1,5})$/.exec(a.address)!
      endpoints.push({ address: m[1]!, port: Number(m[2]), allowRemote: false, paths: ["/actuator/"], path: `${a.path}.address` })
    }
    return { endpoints, maxLabelValues }
  })
