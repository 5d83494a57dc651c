// The invoker plugin ("mosn", as Layotto names it): builds filters and channels from the registry.
import { Effect } from "effect"
import { type ConfigError, definePlugin, joinPath, type KindServices, kind, Registry } from "@mosaic/kernel"
import { type AfterInvoke, AfterInvokeKind, type BeforeInvoke, BeforeInvokeKind, ChannelKind, type InvokerShape } from "@mosaic/rpc"
import { InvokerConfig } from "./config.ts"
import { makeInvoker } from "./invoker.ts"
import { type ChannelRule, compileMatch, matches } from "./channel-select.ts"

/** The invoker builds its filters and channels from the Registry: it needs what they need. */
export const InvokerKind = kind<InvokerShape, ConfigError, Registry | KindServices<typeof ChannelKind | typeof BeforeInvokeKind | typeof AfterInvokeKind>>("invoker")

/** Build an invoker from its config; `path` is where the config sits, for error messages. */
export const buildInvoker = (config: InvokerConfig, path = "") =>
  Effect.gen(function*() {
    const registry = yield* Registry
    const before: Array<BeforeInvoke> = []
    for (const [i, f] of config.before_invoke.entries()) {
      const filter = yield* registry.instantiate(BeforeInvokeKind, f, joinPath(joinPath(path, "before_invoke"), i))
      const rule = compileMatch(f.match)
      before.push(f.match === undefined ? filter : (r) => matches(rule, r) ? filter(r) : r)
    }
    const after: Array<AfterInvoke> = []
    for (const [i, f] of config.after_invoke.entries()) {
      const filter = yield* registry.instantiate(AfterInvokeKind, f, joinPath(joinPath(path, "after_invoke"), i))
      const rule = compileMatch(f.match)
      after.push(f.match === undefined ? filter : (res, r) => matches(rule, r) ? filter(res, r) : res)
    }
    const channels: Array<ChannelRule> = []
    for (const [i, c] of config.channel.entries()) {
      const { protocol, match, ...rest } = c
      const at = joinPath(joinPath(path, "channel"), i)
      const channel = yield* registry.instantiate(ChannelKind, { protocol, config: rest }, at, { configPath: at })
      channels.push({ channel, ...compileMatch(match) })
    }
    return makeInvoker({ before, after, channels, defaultTimeoutMs: config.default_timeout_ms })
  })

export const invokerPlugin = definePlugin(InvokerKind, {
  name: "mosn",
  description: "Layotto's invoker: deadlines, before/after filters, channel selection and error mapping",
  config: InvokerConfig,
  make: (config) => buildInvoker(config)
})
