// One downstream request of a registered protocol on the phase machine: routing and filter views, tries on the multiplexed pool, replies.
import type { HeaderMap } from "../stream/filter.ts"
import type { StreamFilterChain } from "../stream/filter-chain.ts"
import { ProxyStream, R_DIRECT, R_NONE, R_UPSTREAM } from "../stream/proxy-stream.ts"
import { F_CONNECT, FAILURE_REASON } from "../stream/retry-state.ts"
import type { RouteRule } from "../router/route-rule.ts"
import type { FrameHeaders, Message, Protocol, RequestView } from "@mosaic/protocol"
import type { XUpstreamLink, XUpstreamWaiter } from "./upstream-waiter.ts"
import type { XServerConnection } from "./server-connection.ts"
import { mirrorX } from "./x-mirror.ts"

const text = new TextDecoder()

/** What only some requests need (filter views, a re-encoded request, the proxy's own reply, upstream failures): made on first use. */
class XMore<F> {
  req: Message | undefined = undefined
  reqHeaders: FrameHeaders | undefined = undefined
  res: Message | undefined = undefined
  /** The upstream answer, decoded, kept for filters and response header operations. */
  resFrame: F | undefined = undefined
  own: Uint8Array | undefined = undefined
  /** The request re-encoded (filters or route operations changed it). */
  encoded: Uint8Array | undefined = undefined
  /** Why the last try failed (F_*) and the upstream's words for it. */
  failureNo = -1
  failureText = ""
}

/**
 * The request goes upstream as its raw bytes with only the id rewritten, unless filters or the route's
 * request header operations changed it (then it is re-encoded once, by the protocol package's encoder).
 * Every try after the first sends a copy (ids are rewritten in place per upstream connection). The
 * reply is written as soon as it is known (multiplexed: no ordering), with the caller's id put back.
 */
export class XProxyStream<F> extends ProxyStream implements RequestView<F>, XUpstreamWaiter<F> {
  readonly server: XServerConnection<F>
  readonly frame: F
  // RequestView
  idHi = 0
  idLo = 0
  routeCache: unknown = undefined
  // XUpstreamWaiter
  upstream: XUpstreamLink<F> | undefined = undefined
  upId = 0
  queuedRaw: Uint8Array | undefined = undefined
  queuedOn: unknown = undefined
  // the downstream connection's list of two-way requests in flight
  linked = false
  prev: XProxyStream<F> | undefined = undefined
  next: XProxyStream<F> | undefined = undefined
  /** The request's bytes as received (the first try rewrites the id in them). */
  private readonly raw: Uint8Array
  private tries = 0
  /** The upstream answer's bytes. */
  private resRaw: Uint8Array | undefined = undefined
  private more: XMore<F> | undefined = undefined

  constructor(server: XServerConnection<F>, frame: F, raw: Uint8Array, oneway: boolean, chain: StreamFilterChain | undefined) {
    super(server.x.base, chain)
    this.server = server
    this.frame = frame
    this.raw = raw
    this.oneway = oneway
  }

  get protocol(): string {
    return this.server.proto.name
  }
  get traceCodec(): Protocol["traceCodec"] {
    return this.server.proto.traceCodec
  }
  get remoteAddress(): string {
    return this.server.conn.remoteAddress
  }

  // ---- RouteRequest: RPC requests have no path, query or host; `method` is the RPC method name
  get method(): string {
    return this.server.proto.header(this, "method") ?? ""
  }
  get path(): string {
    return ""
  }
  set path(_path: string) {
    this.server.log(`${this.server.proto.name}: an RPC request has no path; the assignment is ignored`)
  }
  get query(): string {
    return ""
  }
  get host(): string {
    return ""
  }
  header(lowerName: string): string | undefined {
    return this.server.proto.header(this, lowerName)
  }
  get changedHeaders(): FrameHeaders | undefined {
    const h = this.more?.reqHeaders
    return h !== undefined && h.changed ? h : undefined
  }

  // ---- filter views
  private extra(): XMore<F> {
    return (this.more ??= new XMore<F>())
  }
  private requestMessage(): Message {
    const m = this.extra()
    return (m.req ??= this.server.proto.message(this.frame, this.raw, this, this.server.log))
  }
  get requestHeaders(): HeaderMap {
    const m = this.extra()
    return (m.reqHeaders ??= this.requestMessage().headers)
  }
  get requestBody(): Uint8Array {
    return this.requestMessage().body
  }
  set requestBody(body: Uint8Array) {
    this.requestMessage().body = body
  }

  /** The reply as filters see it: the upstream's frame, or the proxy's own reply decoded. */
  private replyMessage(): Message {
    const more = this.extra()
    if (more.res !== undefined) return more.res
    if (this.replyKind === R_UPSTREAM) {
      const up = this.server.upstreamProto
      const raw = this.resRaw!
      return (more.res = up.message(more.resFrame ?? up.decodeOne(raw), raw, undefined, this.server.log))
    }
    const p = this.server.proto
    const bytes = this.ownReply()
    const m = p.message(p.decodeOne(bytes), bytes, undefined, this.server.log)
    if (this.replyKind !== R_NONE) more.res = m // before any reply: a throwaway view
    return m
  }
  get responseStatus(): number {
    return this.replyMessage().status
  }
  set responseStatus(status: number) {
    this.replyMessage().status = status
  }
  get responseHeaders(): HeaderMap {
    return this.replyMessage().headers
  }
  get responseBody(): Uint8Array {
    return this.replyMessage().body
  }
  set responseBody(body: Uint8Array) {
    this.replyMessage().body = body
  }

  protected override replyChanged(): void {
    const m = this.more
    if (m === undefined) return
    m.res = undefined
    m.own = undefined
  }

  protected override requestDeadlineMs(): number {
    return this.server.proto.requestTimeoutMs(this)
  }

  protected override clock(): number {
    return this.server.clock()
  }

  // ---- phases
  protected matchRoute(): RouteRule | undefined {
    return this.server.router.match(this)
  }

  protected sendTry(): void {
    const choice = this.choice!
    const server = this.server
    const x = server.x
    let bytes: Uint8Array
    if (this.tries++ === 0) {
      bytes = this.requestBytes()
      if (this.rule!.sampleMirror()) mirrorX(x, server.upstreamProto, this.rule!, bytes, this.oneway, this.remoteAddress, this)
    } else {
      bytes = (this.more?.encoded ?? this.raw).slice() // a copy per try: ids are rewritten in place
    }
    this.tryWritten = false
    server.poolOf(choice).send(this, bytes)
  }

  /** The raw bytes, or (route request header operations, filter changes) the request re-encoded. */
  private requestBytes(): Uint8Array {
    const ops = this.rule!.action.requestHeaders
    if (!ops.empty) {
      const h = this.requestHeaders as FrameHeaders
      if (h.writable) ops.applyTo(h)
    }
    const m = this.more
    if (m === undefined || m.req === undefined || !m.req.changed) return this.raw
    return (m.encoded = m.req.encode())
  }

  protected cancelTry(): void {
    const u = this.upstream
    if (u !== undefined) {
      this.upstream = undefined
      u.forget(this)
    }
    this.queuedRaw = undefined
    this.queuedOn = undefined
  }

  /** RPC requests are not idempotent: after the write, only retry_non_idempotent resends them. */
  protected safeToResend(): boolean {
    return false
  }

  onUpstreamResponse(frame: F, raw: Uint8Array): void {
    if (!this.tryAnswered(this.retriesOnStatus() ? this.server.upstreamProto.httpStatus(frame) : 200)) return
    // the decoded frame is kept only for whom looks at it (filters, response header operations)
    if (this.chain !== undefined || !this.rule!.action.responseHeaders.empty) this.extra().resFrame = frame
    this.resRaw = raw
    this.replyUpstream()
  }

  onUpstreamFailure(failure: number, message: string): void {
    const m = this.extra()
    m.failureNo = failure
    m.failureText = failure === F_CONNECT && !message.startsWith("upstream connect failed") ? `upstream connect failed: ${message}` : message
    this.tryFailed(failure)
  }

  protected prepareReply(): void {
    if (this.replyKind !== R_UPSTREAM) return
    const ops = this.rule!.action.responseHeaders
    if (ops.empty) return
    const h = this.replyMessage().headers
    if (h.writable) ops.applyTo(h)
  }

  /** The proxy's own reply: a direct response, or the protocol's reply for the hijack status (extra headers where it has headers). */
  private ownReply(): Uint8Array {
    const more = this.extra()
    if (more.own !== undefined) return more.own
    const p = this.server.proto
    let bytes: Uint8Array
    if (this.replyKind === R_DIRECT) {
      bytes = p.directResponse(this, this.replyStatus, this.replyBody === undefined ? "" : text.decode(this.replyBody))
    } else {
      // an upstream failure says what the upstream did (e.g. "upstream connect failed: ECONNREFUSED")
      const reason = more.failureNo >= 0 && this.replyReason === FAILURE_REASON[more.failureNo] ? more.failureText : this.replyReason
      bytes = p.hijackStatus(this, this.replyStatus, reason)
    }
    const extra = this.replyHeaders
    if (extra !== undefined) {
      const m = p.message(p.decodeOne(bytes), bytes, undefined, this.server.log)
      if (m.headers.writable) {
        for (const k in extra) m.headers.set(k, extra[k]!)
        bytes = m.encode()
        p.restoreId(bytes, this)
      }
    }
    return (more.own = bytes)
  }

  protected writeReply(): void {
    const server = this.server
    if (this.oneway || server.closed) return
    const res = this.more?.res
    let bytes: Uint8Array
    if (res !== undefined && res.changed) {
      bytes = res.encode()
      server.proto.restoreId(bytes, this)
    } else if (this.replyKind === R_UPSTREAM) {
      bytes = this.resRaw!
      server.proto.restoreId(bytes, this)
    } else {
      bytes = this.ownReply()
    }
    server.outbox.push(bytes)
  }

  /** A filter's Terminate without a reply: the request is dropped (no frame resets one request of a multiplexed connection). */
  protected resetDownstream(): void {}

  protected finished(): void {
    if (this.linked) this.server.unlink(this)
  }
}
