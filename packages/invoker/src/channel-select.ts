// Picks the channel for a request: the first whose match rule accepts it (Layotto: channel[0] only).
import type { Channel, RpcRequest } from "@mosaic/rpc"

export interface ChannelRule {
  readonly channel: Channel
  readonly id?: RegExp
  readonly metadata?: Readonly<Record<string, string>>
}

export const selectChannel = (rules: ReadonlyArray<ChannelRule>, request: Pick<RpcRequest, "id" | "header">): Channel | undefined => {
  for (const rule of rules) {
    if (rule.id !== undefined && !rule.id.test(request.id)) continue
    if (rule.metadata !== undefined) {
      let ok = true
      for (const k in rule.metadata) if (request.header[k] !== rule.metadata[k]) { ok = false; break }
      if (!ok) continue
    }
    return rule.channel
  }
  return undefined
}
