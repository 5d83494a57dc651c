// A minimal channel plugin `canned`: answers each method from its config, with no network (stand-in upstreams for tests and demos).
import { Effect, Schema } from "effect"
import { Code, definePlugin } from "@mosaic/kernel"
import { type Channel, ChannelKind, RpcError } from "@mosaic/rpc"

/** The channel entry's fields besides `protocol` and `match`: `{ "protocol": "canned", "answers": { "/hello": "hi" } }`. */
export const CannedConfig = Schema.Struct({
  answers: Schema.Record(Schema.String, Schema.String)
})

export const cannedChannelPlugin = definePlugin(ChannelKind, {
  name: "canned", // the channel entry's `protocol`
  description: "answer each method with a fixed text",
  config: CannedConfig,
  make: (config) =>
    Effect.sync((): Channel => ({
      protocol: "canned",
      do: async (request) => {
        const answer = config.answers[request.method]
        if (answer === undefined) throw RpcError.of(Code.NOT_FOUND, `no canned answer for ${request.method}`)
        return { header: { "x-canned": "1" }, contentType: "text/plain", data: new TextEncoder().encode(answer) }
      }
    }))
})

export const plugins = [cannedChannelPlugin]
