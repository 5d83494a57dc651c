// Picks the channel for a request: the first whose match rule accepts it (Layotto: channel[0] only).
import type { Channel, RpcRequest } from "@mosaic/rpc"

/** A compiled `match`: id pattern and required metadata values. */
export interface MatchRule {
  readonly id?: RegExp
  readonly metadata?: Readonly<Record<string, string>>
}

export interface ChannelRule extends MatchRule {
  readonly channel: Channel
}

export const compileMatch = (match: { readonly id?: string; readonly metadata?: Readonly<Record<string, string>> } | undefined): MatchRule => ({
  ...(match?.id !== undefined ? { id: new RegExp(match.id) } : {}),
  ...(match?.metadata !== undefined ? { metadata: match.metadata } : {})
})

export const matches = (rule: MatchRule, request: Pick<RpcRequest, "id" | "header">): boolean => {
  if (rule.id !== undefined && !rule.id.test(request.id)) return false
  if (rule.metadata !== undefined) for (const k in rule.metadata) if (request.header[k] !== rule.metadata[k]) return false
  return true
}

export const selectChannel = (rules: ReadonlyArray<ChannelRule>, request: Pick<RpcRequest, "id" | "header">): Channel | undefined => {
  for (const rule of rules) if (matches(rule, request)) return rule.channel
  return undefined
}
