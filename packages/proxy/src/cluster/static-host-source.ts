// Host source `static`: a fixed host list (MOSN's cluster `hosts`, or `host_source: { type: "static", config: { hosts } }`).
import { Effect, Schema } from "effect"
import { definePlugin, type Plugin } from "@mosaic/kernel"
import { HostConfig } from "../config/cluster.ts"
import { type HostSource, HostSourceKind } from "./host-source.ts"

export const StaticHostsConfig = Schema.Struct({
  hosts: Schema.Array(HostConfig).pipe(Schema.withDecodingDefault(Effect.succeed([])))
})
export type StaticHostsConfig = typeof StaticHostsConfig.Type

export const staticHostSourcePlugin = definePlugin(HostSourceKind, {
  name: "static",
  description: "a fixed list of hosts (MOSN cluster hosts)",
  config: StaticHostsConfig,
  make: (config: StaticHostsConfig) => Effect.succeed<HostSource>({ hosts: config.hosts })
})

/** The built-in host sources; an app registers them (the sidecar does). */
export const hostSourcePlugins: ReadonlyArray<Plugin<any, HostSource>> = [staticHostSourcePlugin]
