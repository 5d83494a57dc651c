// request_mirror_policies for a registered protocol's requests: a copy of the request, with its own upstream id, to the mirror cluster.
import { releaseUpstream, type UpstreamChoice } from "../cluster/select-upstream.ts"
import type { ProxyContext } from "../context.ts"
import type { RouteRequest } from "../router/route-request.ts"
import type { RouteRule } from "../router/route-rule.ts"
import { admitMirror, MirrorRequest } from "../upstream/mirror-request.ts"
import type { XContext } from "./context.ts"
import { muxPool } from "./mux-pool.ts"
import type { Protocol } from "@mosaic/protocol"
import type { XUpstreamLink, XUpstreamWaiter } from "./upstream-waiter.ts"

/** One mirrored request with an id of its own on the mirror host's multiplexed connection; the answer is dropped. */
class XMirror<F> extends MirrorRequest implements XUpstreamWaiter<F> {
  readonly oneway: boolean
  upstream: XUpstreamLink<F> | undefined = undefined
  upId = 0
  queuedRaw: Uint8Array | undefined = undefined
  queuedOn: unknown = undefined
  tryWritten = false

  constructor(ctx: ProxyContext, choice: UpstreamChoice, oneway: boolean) {
    super(ctx, choice)
    this.oneway = oneway
  }

  start(x: XContext, proto: Protocol<F>, bytes: Uint8Array, timeoutMs: number): void {
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
}

/**
 * Send a copy of `bytes` (the request as sent to the main upstream) to the rule's mirror cluster; skipped
 * silently when that cluster has no host or overflows.
 */
export const mirrorX = <F>(
  x: XContext,
  proto: Protocol<F>,
  rule: RouteRule,
  bytes: Uint8Array,
  oneway: boolean,
  sourceAddress: string,
  req: RouteRequest
): void => {
  const choice = admitMirror(x.base, rule, req, sourceAddress)
  if (choice === undefined) return
  if (!x.clusters.has(choice.cluster.name)) return releaseUpstream(choice)
  new XMirror<F>(x.base, choice, oneway).start(x, proto, bytes.slice(), rule.action.timeoutMs)
}
