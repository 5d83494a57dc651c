// One downstream HTTP/1 request through the proxy: route, choose host, upstream pool, reply (or hijack).
import { getHeader, type Http1Request, type Http1Response } from "@mosaic/protocol-http1"
import { releaseUpstream, selectUpstream, type UpstreamChoice } from "../cluster/select-upstream.ts"
import type { RouteRequest } from "../router/route-request.ts"
import type { RouteRule } from "../router/route-rule.ts"
import type { DeadlineItem, DeadlineList } from "../upstream/deadlines.ts"
import type { PoolFailure, PoolWaiter } from "../upstream/pingpong-pool.ts"
import { encodeDirectResponse, encodeDownstreamResponse, encodeUpstreamRequest } from "./forward.ts"
import { hijackBytes } from "./hijack.ts"
import { mirrorHttp1 } from "./mirror.ts"
import type { Http1ServerConnection } from "./server-connection.ts"
import { type Http1Client, type Http1Pool, http1Pool, type UpstreamReceiver } from "./upstream-client.ts"

/** Methods safe to send twice (RFC 9110 §9.2.2): retried once after a reused connection died silently. */
const DROPPED = new Uint8Array(0)

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"])

export class Http1Stream implements RouteRequest, PoolWaiter<Http1Client>, UpstreamReceiver, DeadlineItem {
  readonly req: Http1Request
  /** The connection closes after this reply. */
  closeAfter: boolean
  /** The encoded reply, once known; the server connection writes replies in request order. */
  out: Uint8Array | undefined = undefined
  // PoolWaiter / DeadlineItem fields
  waiting = false
  deadline = 0
  dlPrev: DeadlineItem | undefined = undefined
  dlNext: DeadlineItem | undefined = undefined
  dlList: DeadlineList | undefined = undefined
  private readonly server: Http1ServerConnection
  private rule: RouteRule | undefined = undefined
  private upstream: UpstreamChoice | undefined = undefined
  private pool: Http1Pool | undefined = undefined
  private client: Http1Client | undefined = undefined
  private retried = false
  private began = false
  // lazily split request-target
  private pathValue: string | undefined = undefined
  private queryValue = ""
  private authority: string | undefined = undefined

  constructor(server: Http1ServerConnection, req: Http1Request, closeAfter: boolean) {
    this.server = server
    this.req = req
    this.closeAfter = closeAfter
  }

  // ---- RouteRequest
  get method(): string {
    return this.req.method
  }
  get path(): string {
    if (this.pathValue === undefined) this.splitTarget()
    return this.pathValue!
  }
  get query(): string {
    if (this.pathValue === undefined) this.splitTarget()
    return this.queryValue
  }
  get host(): string {
    if (this.pathValue === undefined) this.splitTarget()
    return this.authority ?? getHeader(this.req.headers, "host") ?? ""
  }
  header(lowerName: string): string | undefined {
    return getHeader(this.req.headers, lowerName)
  }

  private splitTarget(): void {
    const t = this.req.target
    let start = 0
    if (t.charCodeAt(0) !== 47) {
      const scheme = t.indexOf("://")
      if (scheme !== -1) {
        let end = t.indexOf("/", scheme + 3)
        if (end === -1) end = t.indexOf("?", scheme + 3)
        if (end === -1) end = t.length
        this.authority = t.slice(scheme + 3, end)
        start = end
      }
    }
    const q = t.indexOf("?", start)
    const path = q === -1 ? (start === 0 ? t : t.slice(start)) : t.slice(start, q)
    this.pathValue = path === "" ? "/" : path
    this.queryValue = q === -1 ? "" : t.slice(q + 1)
  }

  // ---- phases
  start(): void {
    const ctx = this.server.ctx
    if (ctx.lifecycle !== undefined) {
      if (!ctx.lifecycle.begin()) {
        this.closeAfter = true
        return this.hijack(503, "draining")
      }
      this.began = true
    }
    const rule = this.server.router.match(this)
    if (rule === undefined) return this.hijack(404, "no route")
    const action = rule.action
    if (action.directResponse !== undefined) {
      return this.finish(encodeDirectResponse(action.directResponse.status, action.directResponse.body, this.closeAfter))
    }
    // cluster (name, cluster_header, weighted_clusters), circuit breaker, balancer: shared with the RPC paths
    const choice = selectUpstream(ctx.clusters, rule, this, this.server.conn.remoteAddress)
    if (choice === "UnknownCluster") return this.hijack(503, "unknown cluster")
    if (choice === "Overflow") return this.hijack(503, "upstream overflow")
    if (choice === "NoHealthyHost") return this.hijack(503, "no healthy upstream host")
    this.rule = rule
    this.upstream = choice
    ctx.deadlines.add(this, action.timeoutMs, Date.now())
    if (rule.sampleMirror()) mirrorHttp1(ctx, rule, this.req.method, this.upstreamRequestBytes(), this.server.conn.remoteAddress, this)
    this.pool = http1Pool(ctx, choice.cluster, choice.host)
    this.pool.acquire(this)
  }

  onClient(client: Http1Client): void {
    if (this.out !== undefined) return this.pool!.release(client)
    this.client = client
    client.send(this, this.req.method, this.upstreamRequestBytes())
  }

  /** The request as sent upstream: target rewrites, Host rewrites, request header operations. */
  private upstreamRequestBytes(): Uint8Array {
    const rule = this.rule!
    const action = rule.action
    let target = this.req.target
    let host = action.autoHostRewrite ? this.upstream!.host.hostname : action.hostRewrite
    if ((target.charCodeAt(0) !== 47 && target !== "*") || rule.rewritesPath) {
      const path = rule.rewritePath(this.path) // also splits an absolute-form target
      if (this.authority !== undefined && host === undefined) host = this.authority
      target = this.queryValue === "" ? path : `${path}?${this.queryValue}`
    }
    if (host === undefined && this.req.versionMinor === 0 && getHeader(this.req.headers, "host") === undefined) {
      host = this.upstream!.host.address
    }
    const req = action.requestHeaders.empty ? this.req : { ...this.req, headers: action.requestHeaders.apply(this.req.headers) }
    return encodeUpstreamRequest(req, target, host)
  }

  onPoolFailure(reason: PoolFailure): void {
    this.hijack(reason === "Overflow" ? 503 : 502, reason === "Overflow" ? "upstream connection overflow" : "upstream connect failed")
  }

  onUpstreamResponse(response: Http1Response): void {
    this.client = undefined
    const ops = this.rule!.action.responseHeaders
    const res = ops.empty ? response : { ...response, headers: ops.apply(response.headers) }
    this.finish(encodeDownstreamResponse(this.req, res, this.closeAfter))
  }

  onUpstreamFailure(reused: boolean, beforeResponse: boolean): void {
    this.client = undefined
    if (this.out !== undefined) return
    if (reused && beforeResponse && !this.retried && IDEMPOTENT.has(this.req.method)) {
      // a kept-alive connection closed by the server while idle: try once more on a new one
      this.retried = true
      this.server.ctx.stats.retries++
      return this.pool!.acquire(this, true)
    }
    this.hijack(502, "upstream reset before the response")
  }

  /** The route timeout passed (waiting for a connection included). */
  onDeadline(): void {
    if (this.out !== undefined) return
    if (this.waiting) this.pool!.cancel(this)
    const c = this.client
    this.client = undefined
    c?.abort()
    this.hijack(504, "upstream timeout")
  }

  /** The downstream connection closed: drop the request, free what it holds. */
  abandon(): void {
    if (this.out !== undefined) return
    this.out = DROPPED
    this.cleanup()
    if (this.waiting) this.pool!.cancel(this)
    // reset the upstream side too (MOSN does): a slow answer must not hold the connection
    const c = this.client
    this.client = undefined
    c?.abort()
  }

  hijack(status: number, reason: string): void {
    const stats = this.server.ctx.stats
    stats.hijacks[status] = (stats.hijacks[status] ?? 0) + 1
    this.finish(hijackBytes(status, this.closeAfter, reason))
  }

  private finish(bytes: Uint8Array): void {
    if (this.out !== undefined) return
    this.out = bytes
    this.cleanup()
    this.server.flush()
  }

  private cleanup(): void {
    const ctx = this.server.ctx
    if (this.dlList !== undefined) ctx.deadlines.remove(this)
    if (this.upstream !== undefined) {
      releaseUpstream(this.upstream)
      this.upstream = undefined
    }
    if (this.began) {
      this.began = false
      ctx.lifecycle!.end()
    }
  }
}
