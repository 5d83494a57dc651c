// The Layotto/MOSN-shaped config front end: splits `servers[].listeners[]` into plugin references.
import { Effect, Schema } from "effect"
import { ConfigError, decodeConfig, findUnimplemented, joinPath, type PluginRef, type UnimplementedSetting } from "@mosaic/kernel"
import { observabilityOf, type ObservabilityModel } from "./observability-config.ts"

const Filter = Schema.Struct({ type: Schema.String, config: Schema.optionalKey(Schema.Unknown) })
const Listener = Schema.Struct({
  name: Schema.String,
  address: Schema.String.check(Schema.isPattern(/^\[?[^\]]*\]?:\d{1,5}$/, { message: 'an address "host:port"' })),
  bind_port: Schema.optionalKey(Schema.Boolean),
  type: Schema.optionalKey(Schema.String),
  network: Schema.optionalKey(Schema.String),
  filter_chains: Schema.Array(Schema.Struct({ filters: Schema.Array(Filter) })),
  /** MOSN's per-listener stream filters `[{ type, config }]`, passed to the proxy as they are (it checks them). */
  stream_filters: Schema.optionalKey(Schema.Array(Schema.Unknown))
})
const Server = Schema.Struct({
  default_log_path: Schema.optionalKey(Schema.String),
  default_log_level: Schema.optionalKey(Schema.String),
  routers: Schema.optionalKey(Schema.Array(Schema.Unknown)),
  listeners: Schema.Array(Listener)
})
export const LayottoConfig = Schema.Struct({
  /** Plugin packages to load beside the built-ins: package names or paths relative to the config file (see startFromConfig). */
  plugins: Schema.optionalKey(Schema.Array(Schema.String)),
  servers: Schema.Array(Server).check(Schema.isMinLength(1, { message: "at least one server" })),
  cluster_manager: Schema.optionalKey(Schema.Struct({ clusters: Schema.optionalKey(Schema.Array(Schema.Unknown)) })),
  /** MOSN's admin listener (see observability-config.ts). */
  admin: Schema.optionalKey(Schema.Unknown),
  /** Layotto's metrics sinks (see observability-config.ts). */
  metrics: Schema.optionalKey(Schema.Unknown)
})
type Listener = typeof Listener.Type

/** One gRPC ingress and the invoker behind it. */
export interface IngressModel {
  readonly ref: PluginRef
  readonly path: string
  readonly invoker: { readonly ref: PluginRef; readonly path: string }
}

/** The runtime to build: ingresses (each with its invoker) and one proxy core. */
export interface RuntimeModel {
  readonly ingresses: ReadonlyArray<IngressModel>
  /**
   * The proxy plugin's config `{ listeners, routers, cluster_manager }` (undefined when no proxy
   * listener), and `origin` to turn its error paths back into paths of the file.
   */
  readonly proxy: { readonly ref: PluginRef; readonly origin: (path: string) => string } | undefined
  readonly logPath: string | undefined
  /** The servers' `default_log_level` (the first one given), for the process logger. */
  readonly logLevel: string | undefined
  /** Admin servers (MOSN `admin`, Layotto `metrics` sinks and actuator listeners); none: metrics off. */
  readonly observability: ObservabilityModel
}

/** Layotto's actuator listener: an HTTP/1 listener whose stream filters include `actuator_filter`. */
const isActuator = (listener: Listener): boolean =>
  (listener.stream_filters ?? []).some((f) => typeof f === "object" && f !== null && (f as { type?: unknown }).type === "actuator_filter")

const grpcIngress = (listener: Listener, filterConfig: unknown, path: string) =>
  Effect.gen(function*() {
    const cfg = (filterConfig ?? {}) as { grpc_config?: { rpcs?: Record<string, { type?: string; config?: unknown }> } }
    const rpcs = cfg.grpc_config?.rpcs ?? {}
    const names = Object.keys(rpcs)
    const rpcsPath = joinPath(joinPath(joinPath(path, "config"), "grpc_config"), "rpcs")
    if (names.length !== 1) {
      return yield* ConfigError.at(rpcsPath, `exactly one invoker (Layotto's "mosn"), found ${names.length}`)
    }
    const name = names[0]!
    const entry = rpcs[name]!
    const { grpc_config: _, ...rest } = cfg as Record<string, unknown>
    return {
      ref: { type: "grpc", config: { ...rest, address: listener.address } },
      path,
      invoker: { ref: { type: entry.type ?? name, config: entry.config ?? {} }, path: joinPath(rpcsPath, name) }
    } satisfies IngressModel
  })

const enabled = (v: unknown): boolean => typeof v === "object" && v !== null && (v as { status?: unknown }).status === true

/**
 * MOSN settings that would change security and that Mosaic does not implement yet: a config asking for them
 * fails at start (serving plaintext instead would be a silent downgrade). TLS: issue 15.
 */
export const UNIMPLEMENTED: ReadonlyArray<UnimplementedSetting> = [
  { key: "tls_context", refuse: enabled, expected: `"status": false (TLS and mTLS are not implemented yet; Mosaic would serve or dial plaintext)` },
  { key: "tls_context_set", refuse: (v) => Array.isArray(v) && v.some(enabled), expected: `no enabled entry (TLS is not implemented yet)` },
  { key: "inspector", refuse: (v) => v === true, expected: `false (the TLS inspector is not implemented yet)` }
]

/** Decode a MOSN-shaped config into the runtime model; every error names its JSON path. */
export const fromLayottoConfig = (input: unknown): Effect.Effect<RuntimeModel, ConfigError> =>
  Effect.gen(function*() {
    const refused = findUnimplemented(input, UNIMPLEMENTED)
    if (refused !== undefined) return yield* refused
    const config = yield* decodeConfig(LayottoConfig, input)
    const ingresses: Array<IngressModel> = []
    const proxyListeners: Array<Listener> = []
    const listenerPaths: Array<string> = []
    const routers: Array<unknown> = []
    const routerPaths: Array<string> = []
    const actuators: Array<{ address: string; path: string }> = []
    for (const [si, server] of config.servers.entries()) {
      for (const [ri, r] of (server.routers ?? []).entries()) {
        routers.push(r)
        routerPaths.push(`servers[${si}].routers[${ri}]`)
      }
      for (const [li, listener] of server.listeners.entries()) {
        const lpath = `servers[${si}].listeners[${li}]`
        if (isActuator(listener)) {
          // served by an admin server with the /actuator/ endpoints, not by the proxy
          actuators.push({ address: listener.address, path: lpath })
          continue
        }
        let kind: "grpc" | "proxy" | undefined
        for (const [ci, chain] of listener.filter_chains.entries()) {
          for (const [fi, filter] of chain.filters.entries()) {
            const fpath = `${lpath}.filter_chains[${ci}].filters[${fi}]`
            if (filter.type === "grpc") {
              ingresses.push(yield* grpcIngress(listener, filter.config, fpath))
              kind = "grpc"
            } else if (filter.type === "proxy") {
              kind = "proxy"
            } else {
              return yield* ConfigError.at(joinPath(fpath, "type"), `a network filter "grpc" or "proxy", got "${filter.type}"`)
            }
          }
        }
        if (kind === "proxy") {
          proxyListeners.push(listener)
          listenerPaths.push(lpath)
        }
      }
    }
    const origin = (path: string): string => {
      const m = /^(listeners|routers)\[(\d+)\](.*)$/.exec(path)
      if (m === null) return path
      const table = m[1] === "listeners" ? listenerPaths : routerPaths
      return (table[Number(m[2])] ?? path) + m[3]
    }
    const proxy = proxyListeners.length === 0 ? undefined : {
      ref: { type: "proxy", config: { listeners: proxyListeners, routers, cluster_manager: config.cluster_manager ?? {} } },
      origin
    }
    const observability = yield* observabilityOf(config, actuators)
    const logLevel = config.servers.find((s) => s.default_log_level !== undefined)?.default_log_level
    return { ingresses, proxy, logPath: config.servers[0]!.default_log_path, logLevel, observability }
  })
