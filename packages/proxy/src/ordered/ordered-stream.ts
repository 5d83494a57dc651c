// One downstream request of an ordered protocol on the phase machine: routing and filter views, a try on the connection's own upstream connection, the reply in turn.
import type { FrameHeaders, Message, RequestView } from "@mosaic/protocol"
import type { Host } from "../cluster/host.ts"
import type { RouteRule } from "../router/route-rule.ts"
import type { HeaderMap } from "../stream/filter.ts"
import type { StreamFilterChain } from "../stream/filter-chain.ts"
import { ProxyStream, R_DIRECT, R_NONE, R_UPSTREAM } from "../stream/proxy-stream.ts"
import { F_CONNECT, F_OVERFLOW, F_RESET, FAILURE_REASON } from "../stream/retry-state.ts"
import type { PoolFailure, PoolWaiter } from "../upstream/pingpong-pool.ts"
import { type OrderedClient, type OrderedPool, orderedPool, type OrderedReceiver } from "./ordered-client.ts"
import type { OrderedServerConnection } from "./server-connection.ts"

const text = new TextDecoder()

/**
 * The request goes upstream as its raw bytes, or re-encoded once when filters or the route's request header
 * operations changed it. It runs alone on its downstream connection (the next one starts when its reply is
 * written), so the reply is written as soon as it is known and still answers requests in order.
 */
export class OrderedStream<F> extends ProxyStream implements RequestView<F>, PoolWaiter<OrderedClient<F>>, OrderedReceiver<F> {
  readonly server: OrderedServerConnection<F>
  readonly frame: F
  // RequestView (ordered protocols have no ids)
  idHi = 0
  idLo = 0
  routeCache: unknown = undefined
  // PoolWaiter
  waiting = false
  private pool: OrderedPool<F> | undefined = undefined
  /** The host of the try in flight, and its upstream connection once the request is written. */
  private tryHost: Host | undefined = undefined
  private client: OrderedClient<F> | undefined = undefined
  private readonly raw: Uint8Array
  private bytes: Uint8Array | undefined = undefined
  private resRaw: Uint8Array | undefined = undefined
  private resFrame: F | undefined = undefined
  private req: Message | undefined = undefined
  private reqHeaders: FrameHeaders | undefined = undefined
  private res: Message | undefined = undefined
  private own: Uint8Array | undefined = undefined
  private failureNo = -1
  private failureText = ""

  constructor(server: OrderedServerConnection<F>, frame: F, raw: Uint8Array, oneway: boolean, chain: StreamFilterChain | undefined) {
    super(server.x.base, chain)
    this.server = server
    this.frame = frame
    this.raw = raw
    this.oneway = oneway
  }

  get protocol(): string {
    return this.server.proto.name
  }
  get remoteAddress(): string {
    return this.server.conn.remoteAddress
  }

  // ---- RouteRequest: `method` is the protocol's "method" routing key; no path, query or host
  get method(): string {
    return this.server.proto.header(this, "method") ?? ""
  }
  get path(): string {
    return ""
  }
  set path(_path: string) {
    this.server.log(`${this.server.proto.name}: a request has no path; the assignment is ignored`)
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
    const h = this.reqHeaders
    return h !== undefined && h.changed ? h : undefined
  }

  // ---- filter views
  private requestMessage(): Message {
    return (this.req ??= this.server.proto.message(this.frame, this.raw, this, this.server.log))
  }
  get requestHeaders(): HeaderMap {
    return (this.reqHeaders ??= this.requestMessage().headers)
  }
  get requestBody(): Uint8Array {
    return this.requestMessage().body
  }
  set requestBody(body: Uint8Array) {
    this.requestMessage().body = body
  }

  private replyMessage(): Message {
    if (this.res !== undefined) return this.res
    if (this.replyKind === R_UPSTREAM) {
      const up = this.server.upstreamProto
      const raw = this.resRaw!
      return (this.res = up.message(this.resFrame ?? up.decodeOne(raw), raw, undefined, this.server.log))
    }
    const p = this.server.proto
    const bytes = this.ownReply()
    const m = p.message(p.decodeOne(bytes), bytes, undefined, this.server.log)
    if (this.replyKind !== R_NONE) this.res = m // before any reply: a throwaway view
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
    this.res = undefined
    this.own = undefined
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
    this.bytes ??= this.requestBytes()
    this.tryWritten = false
    this.tryHost = choice.host
    const held = this.server.heldClient(choice.host)
    if (held !== undefined) return this.onClient(held)
    this.pool = orderedPool(this.ctx, choice.cluster, choice.host, this.server.upstreamProto)
    this.pool.acquire(this)
  }

  /** The raw bytes, or (route request header operations, filter changes) the request re-encoded. */
  private requestBytes(): Uint8Array {
    const ops = this.rule!.action.requestHeaders
    if (!ops.empty) {
      const h = this.requestHeaders as FrameHeaders
      if (h.writable) ops.applyTo(h)
    }
    const m = this.req
    return m === undefined || !m.changed ? this.raw : m.encode()
  }

  /** A connection for the try: it stays with this downstream connection (even when this request no longer needs it). */
  onClient(client: OrderedClient<F>): void {
    this.server.hold(this.tryHost!, client)
    if (this.ended || this.replyKind !== R_NONE || this.server.closed) return
    this.client = client
    this.tryWritten = true
    client.send(this, this.bytes!)
  }

  onPoolFailure(reason: PoolFailure, message: string): void {
    this.failed(reason === "Overflow" ? F_OVERFLOW : F_CONNECT, message)
  }

  protected cancelTry(): void {
    if (this.waiting) this.pool!.cancel(this)
    const c = this.client
    this.client = undefined
    c?.abort() // its answer would come in place of the next request's
  }

  /** Requests of ordered protocols are resent only under retry_non_idempotent after the write. */
  protected safeToResend(): boolean {
    return false
  }

  onUpstreamResponse(frame: F, raw: Uint8Array): void {
    this.client = undefined
    if (!this.tryAnswered(this.retriesOnStatus() ? this.server.upstreamProto.httpStatus(frame) : 200)) return
    if (this.chain !== undefined || !this.rule!.action.responseHeaders.empty) this.resFrame = frame
    this.resRaw = raw
    this.replyUpstream()
  }

  onUpstreamFailure(message: string): void {
    this.client = undefined
    this.failed(F_RESET, message)
  }

  private failed(failure: number, message: string): void {
    this.failureNo = failure
    this.failureText = failure === F_CONNECT && !message.startsWith("upstream connect failed") ? `upstream connect failed: ${message}` : message
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
    if (this.own !== undefined) return this.own
    const p = this.server.proto
    let bytes: Uint8Array
    if (this.replyKind === R_DIRECT) {
      bytes = p.directResponse(this, this.replyStatus, this.replyBody === undefined ? "" : text.decode(this.replyBody))
    } else {
      const reason = this.failureNo >= 0 && this.replyReason === FAILURE_REASON[this.failureNo] ? this.failureText : this.replyReason
      bytes = p.hijackStatus(this, this.replyStatus, reason)
    }
    const extra = this.replyHeaders
    if (extra !== undefined) {
      const m = p.message(p.decodeOne(bytes), bytes, undefined, this.server.log)
      if (m.headers.writable) {
        for (const k in extra) m.headers.set(k, extra[k]!)
        bytes = m.encode()
      }
    }
    return (this.own = bytes)
  }

  protected writeReply(): void {
    if (this.oneway) return
    const res = this.res
    const bytes = res !== undefined && res.changed ? res.encode() : this.replyKind === R_UPSTREAM ? this.resRaw! : this.ownReply()
    this.server.reply(bytes)
  }

  /** A filter's Terminate without a reply: an ordered connection cannot skip one answer, so it closes. */
  protected resetDownstream(): void {
    this.server.reset(`${this.server.proto.name} request terminated without a reply`)
  }

  protected finished(): void {
    this.server.done(this)
  }
}
