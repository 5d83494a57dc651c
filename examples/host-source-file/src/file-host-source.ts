// Host source `file`: a cluster's hosts from a JSON file (`{ "hosts": [{ "address", "weight"? }] }`), re-read when its text changes.
//
// The file is read when the cluster is built (a missing or bad file refuses the config), then every
// `poll_interval_ms` on one unref'd timer; a changed, valid list is delivered to the cluster, a broken one is
// reported and the hosts stay as they were. The timer stops when the cluster's scope closes (the cluster
// left the config, or the proxy closed). Write the file atomically (write a temporary file, then rename).
import { readFile } from "node:fs/promises"
import { Effect, Schema } from "effect"
import { decodeConfig, definePlugin } from "@mosaic/kernel"
import { HostConfig, type HostSource, HostSourceKind } from "@mosaic/proxy"

/** The cluster's `host_source.config`. */
export const FileHostsConfig = Schema.Struct({
  path: Schema.String.check(Schema.isMinLength(1)),
  poll_interval_ms: Schema.Int.check(Schema.isGreaterThanOrEqualTo(10)).pipe(Schema.withDecodingDefault(Effect.succeed(1000)))
})
export type FileHostsConfig = typeof FileHostsConfig.Type

/** The file's content. */
export const HostsFile = Schema.Struct({ hosts: Schema.Array(HostConfig) })

/** Read and decode the file; errors name the file and the JSON path inside it. */
const load = (path: string): Effect.Effect<{ text: string; hosts: ReadonlyArray<HostConfig> }, Error> =>
  Effect.gen(function*() {
    const text = yield* Effect.tryPromise({ try: () => readFile(path, "utf8"), catch: (e) => new Error(`${path}: ${(e as Error).message}`) })
    const json = yield* Effect.try({ try: () => JSON.parse(text) as unknown, catch: (e) => new Error(`${path}: ${(e as Error).message}`) })
    const file = yield* decodeConfig(HostsFile, json).pipe(Effect.mapError((e) => new Error(`${path}: ${e.message}`)))
    return { text, hosts: file.hosts }
  })

export const fileHostSourcePlugin = definePlugin(HostSourceKind, {
  name: "file",
  description: "hosts from a JSON file, re-read when it changes",
  config: FileHostsConfig,
  make: (config: FileHostsConfig) =>
    Effect.gen(function*() {
      const first = yield* load(config.path)
      let last = first.text
      let update: ((hosts: ReadonlyArray<HostConfig>) => void) | undefined
      let reading = false
      let closed = false
      const poll = () => {
        if (reading || update === undefined) return
        reading = true
        Effect.runPromise(Effect.result(load(config.path))).then((r) => {
          reading = false
          if (closed) return
          if (r._tag === "Failure") {
            console.warn(`host_source file: ${r.failure.message}; keeping the hosts from before`)
            return
          }
          if (r.success.text === last) return
          last = r.success.text
          update!(r.success.hosts)
        })
      }
      const timer = setInterval(poll, config.poll_interval_ms)
      // a file source alone never keeps the process alive
      ;(timer as { unref?: () => void }).unref?.()
      yield* Effect.addFinalizer(() =>
        Effect.sync(() => {
          closed = true
          clearInterval(timer)
        })
      )
      return {
        hosts: first.hosts,
        subscribe: (onChange) => void (update = onChange)
      } satisfies HostSource
    })
})
