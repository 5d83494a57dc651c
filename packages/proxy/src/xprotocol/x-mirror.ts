// request_mirror_policies for Bolt / Dubbo / TTHeader: a copy of the request, with its own upstream id, to the mirror cluster.
import { admitToCluster, lbContextFor, releaseUpstream, type UpstreamChoice } from "../cluster/select-upstream.ts"
import type { ProxyContext } from "../context.ts"
import type { RouteRequest } from "../router/route-request.ts"
import type { RouteRule } from "../router/route-rule.ts"
import type { DeadlineItem, DeadlineList } from "../upstream/deadlines.ts"
import type { XContext } from "./context.ts"
import { muxPool } from "./mux-pool.ts"
import type { XProtocol, XUpstreamLink, XUpstreamWaiter } from "./protocol.ts"

/**
 * One mirrored request: its own host (the mirror cluster's balancer and circuit breaker), an id of its own
 * on that host's multiplexed connection, and a deadline (the route timeout). The answer is dropped;
 * failures are ignored. Nothing here touches the main request.
 */
class XMirror<F> implements XUpstreamWaiter<F>, DeadlineItem {
  readonly oneway: boolean
  upstream: XUpstreamLink<F> | undefined = undefined
  upId = 0
  queuedRaw: Uint8Array | undefined = undefined
  queuedOn: unknown = undefined
  tryWritten = false
  deadline = 0
  dlPrev: DeadlineItem | undefined = undefined
  dlNext: DeadlineItem | undefined = undefined
  dlList: DeadlineList | undefined = undefined
  private readonly ctx: ProxyContext
  private readonly choice: UpstreamChoice
  private done = false

  constructor(ctx: ProxyContext, choice: UpstreamChoice, oneway: boolean) {
    this.ctx = ctx
    this.choice = choice
    this.oneway = oneway
  }

  start(x: XContext, proto: XProtocol<F>, bytes: Uint8Array, timeoutMs: number): void {
    const c = this.choice
    if (!this.oneway) this.ctx.deadlines.add(this, timeoutMs, Date.now())
    muxPool(x, c.cluster, c.host, x.clusters.get(c.cluster.name)!, proto).send(this, bytes)
    if (this.oneway) this.finish() // written now or once connected; nothing is awaited
  }

  onUpstreamResponse(): void {
    this.finish()
  }

  onUpstreamFailure(): void {
    this.finish()
  }

  onDeadline(): void {
    if (this.done) return
    const u = this.upstream
    this.upstream = undefined
    u?.forget(this)
    this.queuedRaw = undefined
    this.finish()
  }

  private finish(): void {
    if (this.done) return
    this.done = true
    if (this.dlList !== undefined) this.ctx.deadlines.remove(this)
    releaseUpstream(this.choice)
  }
}

/**
 * Send a copy of `bytes` (the request as sent to the main upstream) to the rule's mirror cluster; skipped
 * silently when that cluster has no host or overflows.
 */
export const mirrorX = <F>(
  x: XContext,
  proto: XProtocol<F>,
  rule: RouteRule,
  bytes: Uint8Array,
  oneway: boolean,
  sourceAddress: string,
  req: RouteRequest
): void => {
  const mirror = rule.action.mirror
  if (mirror === undefined) return
  const choice = admitToCluster(x.base.clusters, mirror.cluster, lbContextFor(rule, req, sourceAddress))
  if (typeof choice === "string" || !x.clusters.has(choice.cluster.name)) {
    if (typeof choice !== "string") releaseUpstream(choice)
    return
  }
  new XMirror<F>(x.base, choice, oneway).start(x, proto, bytes.slice(), rule.action.timeoutMs)
}
