// What a mirrored request is for every protocol: its own admitted host and route deadline; the answer is dropped, failures ignored.
import { admitToCluster, lbContextFor, releaseUpstream, type UpstreamChoice } from "../cluster/select-upstream.ts"
import type { ProxyContext } from "../context.ts"
import type { RouteRequest } from "../router/route-request.ts"
import type { RouteRule } from "../router/route-rule.ts"
import type { DeadlineItem, DeadlineList } from "./deadlines.ts"

/** The rule's mirror cluster admitted one more request (balancer, circuit breaker); undefined: no mirror, no host or overflow. */
export const admitMirror = (ctx: ProxyContext, rule: RouteRule, req: RouteRequest, sourceAddress: string): UpstreamChoice | undefined => {
  const mirror = rule.action.mirror
  if (mirror === undefined) return undefined
  const choice = admitToCluster(ctx.clusters, mirror.cluster, lbContextFor(rule, req, sourceAddress))
  return typeof choice === "string" ? undefined : choice
}

/**
 * One mirrored request: it holds its host until `finish` (answer, failure, or the route deadline via
 * `onDeadline`, which a protocol overrides to abort its try first). Nothing here touches the main request.
 */
export abstract class MirrorRequest implements DeadlineItem {
  deadline = 0
  dlPrev: DeadlineItem | undefined = undefined
  dlNext: DeadlineItem | undefined = undefined
  dlList: DeadlineList | undefined = undefined
  protected readonly ctx: ProxyContext
  protected readonly choice: UpstreamChoice
  protected done = false

  constructor(ctx: ProxyContext, choice: UpstreamChoice) {
    this.ctx = ctx
    this.choice = choice
  }

  abstract onDeadline(): void

  protected finish(): void {
    if (this.done) return
    this.done = true
    if (this.dlList !== undefined) this.ctx.deadlines.remove(this)
    releaseUpstream(this.choice)
  }
}
