// One downstream HTTP/1 request on the phase machine: routing view, filter views, upstream tries on the ping-pong pool, replies.
import { getHeader, type Http1Request, type Http1Response } from "@mosaic/protocol-http1"
import type { UpstreamChoice } from "../cluster/select-upstream.ts"
import type { HeaderMap } from "../stream/filter.ts"
import type { StreamFilterChain } from "../stream/filter-chain.ts"
import { ProxyStream } from "../stream/proxy-stream.ts"
import { R_DIRECT, R_HIJACK, R_UPSTREAM } from "../stream/stream-state.ts"
import { F_CONNECT, F_OVERFLOW, F_RESET, IDEMPOTENT_METHODS } from "../stream/retry-state.ts"
import type { RouteRule } from "../router/route-rule.ts"
import type { PoolFailure, PoolWaiter } from "../upstream/pingpong-pool.ts"
import { FlatHeaders, recordToFlat } from "./flat-headers.ts"
import { encodeDirectResponse, encodeDownstreamResponse, encodeUpstreamRequest } from "./forward.ts"
import { hijackBytes, hijackParts } from "./hijack.ts"
import { mirrorHttp1 } from "./mirror.ts"
import type { Http1ServerConnection } from "./server-connection.ts"
import { type Http1Client, type Http1Pool, http1Pool, type UpstreamReceiver } from "./upstream-client.ts"

const EMPTY = new Uint8Array(0)
/** `out` of a stream whose downstream is reset without a reply (a filter's Terminate). */
export const RESET = new Uint8Array(0)

/** The reply as before_send filters see and change it. */
interface ReplyView {
  status: number
  reason: string | undefined
  readonly headers: FlatHeaders
  body: Uint8Array
}

export class Http1Stream extends ProxyStream implements PoolWaiter<Http1Client>, UpstreamReceiver {
  readonly req: Http1Request
  /** The connection closes after this reply. */
  closeAfter: boolean
  /** The encoded reply, once known; the server connection writes replies in request order (RESET: close instead). */
  out: Uint8Array | undefined = undefined
  /** `begin` ran: the server connection starts a pipelined request only once the replies ahead of it are written. */
  started = false
  /** The status line's code in `out` (for the response metrics). */
  wireStatus = 0
  /** performance.now() when the request was decoded; set only when metrics are on. */
  startedAt = 0
  // PoolWaiter
  waiting = false
  private readonly server: Http1ServerConnection
  private pool: Http1Pool | undefined = undefined
  private client: Http1Client | undefined = undefined
  /** The upstream request bytes (kept for retries unless they depend on the host). */
  private encoded: Uint8Array | undefined = undefined
  private encodedFor: UpstreamChoice | undefined = undefined
  private staleRetried = false
  private mirrored = false
  private response: Http1Response | undefined = undefined
  // filter views, created on first use
  private reqHeaders: FlatHeaders | undefined = undefined
  private body: Uint8Array
  private bodyChanged = false
  private view: ReplyView | undefined = undefined
  // lazily split request-target
  private pathValue: string | undefined = undefined
  /** A filter assigned `path`. */
  private pathSet = false
  private queryValue = ""
  private authority: string | undefined = undefined

  constructor(server: Http1ServerConnection, req: Http1Request, closeAfter: boolean, chain?: StreamFilterChain) {
    super(server.ctx, chain)
    this.server = server
    this.req = req
    this.closeAfter = closeAfter
    this.body = req.body
  }

  begin(): void {
    this.started = true
    this.start()
  }

  get protocol(): string {
    return "Http1"
  }
  get remoteAddress(): string {
    return this.server.conn.remoteAddress
  }

  // ---- RouteRequest (reads the headers as filters left them)
  get method(): string {
    return this.req.method
  }
  get path(): string {
    if (this.pathValue === undefined) this.splitTarget()
    return this.pathValue!
  }
  /** A filter's new path (the query string is kept): routing on re-entry and the upstream request use it. */
  set path(path: string) {
    if (this.pathValue === undefined) this.splitTarget()
    this.pathValue = path === "" ? "/" : path
    this.pathSet = true
  }
  get query(): string {
    if (this.pathValue === undefined) this.splitTarget()
    return this.queryValue
  }
  get host(): string {
    if (this.pathValue === undefined) this.splitTarget()
    return this.authority ?? this.header("host") ?? ""
  }
  header(lowerName: string): string | undefined {
    return getHeader(this.reqHeaders === undefined ? this.req.headers : this.reqHeaders.list, lowerName)
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

  // ---- filter views
  get requestHeaders(): HeaderMap {
    return (this.reqHeaders ??= new FlatHeaders(this.req.headers))
  }
  get requestBody(): Uint8Array {
    return this.body
  }
  set requestBody(body: Uint8Array) {
    this.body = body
    this.bodyChanged = true
  }
  get responseStatus(): number {
    return this.replyView().status
  }
  set responseStatus(status: number) {
    const v = this.replyView()
    v.status = status
    v.reason = undefined
  }
  get responseHeaders(): HeaderMap {
    return this.replyView().headers
  }
  get responseBody(): Uint8Array {
    return this.replyView().body
  }
  set responseBody(body: Uint8Array) {
    this.replyView().body = body
  }

  private replyView(): ReplyView {
    if (this.view !== undefined) return this.view
    let view: ReplyView
    if (this.replyKind === R_UPSTREAM) {
      const r = this.response!
      view = { status: r.status, reason: r.reason, headers: new FlatHeaders(r.headers), body: r.body }
    } else if (this.replyKind === R_HIJACK) {
      const parts = hijackParts(this.replyReason, this.replyHeaders)
      view = { status: this.replyStatus, reason: undefined, headers: new FlatHeaders(parts.headers, true), body: parts.body }
    } else {
      const body = this.replyBody ?? EMPTY
      const headers = this.replyHeaders !== undefined ? recordToFlat(this.replyHeaders) : body.length > 0 ? ["Content-Type", "text/plain"] : []
      view = { status: this.replyStatus, reason: undefined, headers: new FlatHeaders(headers, true), body }
    }
    return (this.view = view)
  }

  protected override replyChanged(): void {
    this.view = undefined
  }

  protected override servedWhileDraining(): void {
    this.closeAfter = true
  }

  // ---- phases
  protected matchRoute(): RouteRule | undefined {
    return this.server.router.match(this)
  }

  protected sendTry(): void {
    const choice = this.choice!
    if (this.encoded === undefined || (this.encodedFor !== choice && this.dependsOnHost())) {
      this.encoded = this.upstreamRequestBytes(choice)
      this.encodedFor = choice
    }
    if (!this.mirrored) {
      this.mirrored = true
      const rule = this.rule!
      if (rule.sampleMirror()) mirrorHttp1(this.ctx, rule, this.req.method, this.encoded, this.remoteAddress, this)
    }
    this.pool = http1Pool(this.ctx, choice.cluster, choice.host)
    this.pool.acquire(this)
  }

  protected cancelTry(): void {
    if (this.waiting) this.pool!.cancel(this)
    const c = this.client
    this.client = undefined
    c?.abort()
  }

  protected safeToResend(): boolean {
    return IDEMPOTENT_METHODS.has(this.req.method) || this.header("idempotency-key") !== undefined
  }

  /** The Host sent upstream depends on the chosen host (auto_host_rewrite, or an HTTP/1.0 request without Host). */
  private dependsOnHost(): boolean {
    return this.rule!.action.autoHostRewrite || (this.req.versionMinor === 0 && this.header("host") === undefined)
  }

  /** The request as sent upstream: target rewrites, Host rewrites, request header operations, filter changes. */
  private upstreamRequestBytes(choice: UpstreamChoice): Uint8Array {
    const rule = this.rule!
    const action = rule.action
    let target = this.req.target
    let host = action.autoHostRewrite ? choice.host.hostname : action.hostRewrite
    if ((target.charCodeAt(0) !== 47 && target !== "*") || rule.rewritesPath || this.pathSet) {
      const path = rule.rewritePath(this.path) // also splits an absolute-form target
      if (this.authority !== undefined && host === undefined) host = this.authority
      target = this.queryValue === "" ? path : `${path}?${this.queryValue}`
    }
    const original = this.req.headers
    const current = this.reqHeaders === undefined ? original : this.reqHeaders.list
    if (host === undefined && this.req.versionMinor === 0 && getHeader(current, "host") === undefined) host = choice.host.address
    const headers = action.requestHeaders.empty ? current : action.requestHeaders.apply(current)
    const req = headers === original && !this.bodyChanged
      ? this.req
      : { ...this.req, headers, body: this.body, contentLength: this.bodyChanged ? this.body.length : this.req.contentLength }
    return encodeUpstreamRequest(req, target, host)
  }

  onClient(client: Http1Client): void {
    if (this.ended || this.replyKind !== 0) return this.pool!.release(client)
    this.client = client
    this.tryWritten = true
    client.send(this, this.req.method, this.encoded!)
  }

  onPoolFailure(reason: PoolFailure): void {
    this.tryFailed(reason === "Overflow" ? F_OVERFLOW : F_CONNECT)
  }

  onUpstreamResponse(response: Http1Response): void {
    this.client = undefined
    if (!this.tryAnswered(response.status)) return
    this.response = response
    this.replyUpstream()
  }

  onUpstreamFailure(reused: boolean, beforeResponse: boolean): void {
    this.client = undefined
    if (this.ended || this.replyKind !== 0) return
    if (reused && beforeResponse && !this.staleRetried && this.safeToResend()) {
      // a kept-alive connection closed by the server while idle: once more on a new one (not a policy retry)
      this.staleRetried = true
      this.ctx.stats.retries++
      return this.pool!.acquire(this, true)
    }
    this.tryFailed(F_RESET)
  }

  protected prepareReply(): void {
    if (this.replyKind !== R_UPSTREAM) return
    const ops = this.rule!.action.responseHeaders
    if (!ops.empty) {
      const r = this.response!
      this.response = { ...r, headers: ops.apply(r.headers) }
    }
  }

  protected writeReply(): void {
    const close = this.closeAfter
    const v = this.view
    this.wireStatus = v !== undefined ? v.status : this.replyKind === R_UPSTREAM ? this.response!.status : this.replyStatus
    if (v !== undefined) {
      const r = this.response
      const contentLength = r !== undefined && this.replyKind === R_UPSTREAM && v.body === r.body ? r.contentLength : v.body.length
      this.out = encodeDownstreamResponse(this.req, { status: v.status, reason: v.reason, headers: v.headers.list, body: v.body, contentLength }, close)
      return
    }
    switch (this.replyKind) {
      case R_UPSTREAM:
        this.out = encodeDownstreamResponse(this.req, this.response!, close)
        return
      case R_DIRECT: {
        const body = this.replyBody ?? EMPTY
        this.out = this.replyHeaders === undefined
          ? encodeDirectResponse(this.replyStatus, body, close)
          : encodeDownstreamResponse(this.req, { status: this.replyStatus, headers: recordToFlat(this.replyHeaders), body, contentLength: body.length }, close)
        return
      }
      case R_HIJACK: {
        if (this.replyHeaders === undefined) {
          this.out = hijackBytes(this.replyStatus, close, this.replyReason)
          return
        }
        const parts = hijackParts(this.replyReason, this.replyHeaders)
        this.out = encodeDownstreamResponse(this.req, { status: this.replyStatus, headers: parts.headers, body: parts.body, contentLength: parts.body.length }, close)
      }
    }
  }

  protected resetDownstream(): void {
    if (this.out === undefined) this.out = RESET
  }

  protected finished(): void {
    this.server.flush()
  }

  override abandon(): void {
    if (this.out === undefined) this.out = RESET
    super.abandon()
  }
}
