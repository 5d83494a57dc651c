// The invoker plugin ("mosn", as Layotto names it): builds filters and channels from the registry.
import { Effect } from "effect"
import { definePlugin, joinPath, kind, Registry } from "@mosaic/kernel"
import { AfterInvokeKind, BeforeInvokeKind, ChannelKind, type InvokerShape } from "@mosaic/rpc"
import { InvokerConfig } from "./config.ts"
import { makeInvoker } from "./invoker.ts"
import type { ChannelRule } from "./channel-select.ts"

export const InvokerKind = kind<InvokerShape>("invoker")

/** Build an invoker from its config; `path` is where the config sits, for error messages. */
export const buildInvoker = (config: InvokerConfig, path = "") =>
  Effect.gen(function*() {
    const registry = yield* Registry
    const before = []
    for (const [i, f] of config.before_invoke.entries()) {
      before.push(yield* registry.instantiate(BeforeInvokeKind, f, joinPath(joinPath(path, "before_invoke"), i)))
    }
    const after = []
    for (const [i, f] of config.after_invoke.entries()) {
      after.push(yield* registry.instantiate(AfterInvokeKind, f, joinPath(joinPath(path, "after_invoke"), i)))
    }
    const channels: Array<ChannelRule> = []
    for (const [i, c] of config.channel.entries()) {
      const { protocol, match, ...rest } = c
      const channel = yield* registry.instantiate(ChannelKind, { protocol, config: rest }, joinPath(joinPath(path, "channel"), i))
      channels.push({
        channel,
        ...(match?.id !== undefined ? { id: new RegExp(match.id) } : {}),
        ...(match?.metadata !== undefined ? { metadata: match.metadata } : {})
      })
    }
    return makeInvoker({ before, after, channels, defaultTimeoutMs: config.default_timeout_ms })
  })

export const invokerPlugin = definePlugin(InvokerKind, {
  name: "mosn",
  description: "Layotto's invoker: deadlines, before/after filters, channel selection and error mapping",
  config: InvokerConfig,
  make: (config) => buildInvoker(config)
})
