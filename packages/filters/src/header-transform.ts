// A generic header filter: add (or overwrite), remove and rename keys, before or after invoke.
import { Effect, Schema } from "effect"
import { definePlugin } from "@mosaic/kernel"
import { AfterInvokeKind, BeforeInvokeKind, type RpcHeader } from "@mosaic/rpc"

export const HeaderTransformConfig = Schema.Struct({
  /** Keys to set; an existing value is overwritten. */
  add: Schema.Record(Schema.String, Schema.String).pipe(Schema.withDecodingDefault(Effect.succeed({}))),
  /** Keys to delete. */
  remove: Schema.Array(Schema.String).pipe(Schema.withDecodingDefault(Effect.succeed([]))),
  /** `from` -> `to`; the value moves, an existing `to` is overwritten. */
  rename: Schema.Record(Schema.String, Schema.String).pipe(Schema.withDecodingDefault(Effect.succeed({})))
})
export type HeaderTransformConfig = typeof HeaderTransformConfig.Type

/** Build the transform once; applying it mutates the header map in place (rename, remove, then add). */
export const headerTransform = (config: HeaderTransformConfig): ((header: RpcHeader) => void) => {
  const lower = (r: Readonly<Record<string, string>>) => Object.entries(r).map(([k, v]) => [k.toLowerCase(), v] as const)
  const rename = lower(config.rename).map(([k, v]) => [k, v.toLowerCase()] as const)
  const remove = config.remove.map((k) => k.toLowerCase())
  const add = lower(config.add)
  return (header) => {
    for (const [from, to] of rename) {
      const v = header[from]
      if (v === undefined) continue
      delete header[from]
      header[to] = v
    }
    for (const k of remove) delete header[k]
    for (const [k, v] of add) header[k] = v
  }
}

export const headerBeforePlugin = definePlugin(BeforeInvokeKind, {
  name: "header",
  description: "add, remove and rename request header keys before the channel",
  config: HeaderTransformConfig,
  make: (config) =>
    Effect.sync(() => {
      const apply = headerTransform(config)
      return (request) => {
        apply(request.header)
        return request
      }
    })
})

export const headerAfterPlugin = definePlugin(AfterInvokeKind, {
  name: "header",
  description: "add, remove and rename response header keys after the channel",
  config: HeaderTransformConfig,
  make: (config) =>
    Effect.sync(() => {
      const apply = headerTransform(config)
      return (response) => {
        apply(response.header)
        return response
      }
    })
})
