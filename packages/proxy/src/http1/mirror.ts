// request_mirror_policies for HTTP/1: a copy of the upstream request sent fire-and-forget to the mirror cluster.
import type { UpstreamChoice } from "../cluster/select-upstream.ts"
import type { ProxyContext } from "../context.ts"
import type { RouteRequest } from "../router/route-request.ts"
import type { RouteRule } from "../router/route-rule.ts"
import { admitMirror, MirrorRequest } from "../upstream/mirror-request.ts"
import type { PoolWaiter } from "../upstream/pingpong-pool.ts"
import { type Http1Client, type Http1Pool, http1Pool, type UpstreamReceiver } from "./upstream-client.ts"

/** One mirrored HTTP/1 request on its own pool connection; the answer is read and dropped. */
class Http1Mirror extends MirrorRequest implements PoolWaiter<Http1Client>, UpstreamReceiver {
  waiting = false
  private readonly method: string
  private readonly bytes: Uint8Array
  private readonly pool: Http1Pool
  private client: Http1Client | undefined = undefined

  constructor(ctx: ProxyContext, choice: UpstreamChoice, method: string, bytes: Uint8Array) {
    super(ctx, choice)
    this.method = method
    this.bytes = bytes
    this.pool = http1Pool(ctx, choice.cluster, choice.host)
  }

  start(timeoutMs: number): void {
    this.ctx.deadlines.add(this, timeoutMs, Date.now())
    this.pool.acquire(this)
  }

  onClient(client: Http1Client): void {
    if (this.done) return this.pool.release(client)
    this.client = client
    client.send(this, this.method, this.bytes)
  }

  onPoolFailure(): void {
    this.finish()
  }

  onUpstreamResponse(): void {
    this.client = undefined // the client went back to its pool already
    this.finish()
  }

  onUpstreamFailure(): void {
    this.client = undefined
    this.finish()
  }

  onDeadline(): void {
    if (this.done) return
    if (this.waiting) this.pool.cancel(this)
    const c = this.client
    this.client = undefined
    c?.abort()
    this.finish()
  }
}

/** Send `bytes` (the request as encoded for the main upstream) to the rule's mirror cluster; skipped silently when it has no host or overflows. */
export const mirrorHttp1 = (
  ctx: ProxyContext,
  rule: RouteRule,
  method: string,
  bytes: Uint8Array,
  sourceAddress: string,
  req: RouteRequest
): void => {
  const choice = admitMirror(ctx, rule, req, sourceAddress)
  if (choice !== undefined) new Http1Mirror(ctx, choice, method, bytes).start(rule.action.timeoutMs)
}
