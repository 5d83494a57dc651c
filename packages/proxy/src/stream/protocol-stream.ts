// One downstream request of a registered protocol (multiplexed or ordered): routing keys, filter views, the proxy's own replies.
import type { Connection } from "@mosaic/transport"
import type { FrameHeaders, Message, Protocol, RequestView } from "@mosaic/protocol"
import type { RouteMatcher } from "../router/live-router.ts"
import type { RouteRule } from "../router/route-rule.ts"
import type { XContext } from "../xprotocol/context.ts"
import type { HeaderMap } from "./filter.ts"
import type { StreamFilterChain } from "./filter-chain.ts"
import { ProxyStream, R_DIRECT, R_NONE, R_UPSTREAM } from "./proxy-stream.ts"
import { F_CONNECT, FAILURE_REASON } from "./retry-state.ts"

const text = new TextDecoder()

/** What a protocol stream needs of its downstream connection. */
export interface ProtocolServer<F> {
  readonly conn: Connection
  readonly x: XContext
  readonly proto: Protocol<F>
  readonly upstreamProto: Protocol<F>
  readonly router: RouteMatcher
  readonly log: (message: string) => void
  /** Now, in ms (one reading per batch of requests decoded together). */
  clock(): number
}

/** What only some requests need (filter views, a re-encoded request, the proxy's own reply, upstream failures): made on first use. */
class Extras<F> {
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
 * The protocol-neutral part of a request on the phase machine: RPC requests have no path, query or host;
 * `method` and the other routing keys come from the protocol; filters see the protocol's message views.
 * Subclasses send the tries (multiplexed pool, or the ordered connection's own upstream) and write replies.
 */
export abstract class ProtocolStream<F, S extends ProtocolServer<F> = ProtocolServer<F>> extends ProxyStream implements RequestView<F> {
  readonly server: S
  readonly frame: F
  // RequestView
  idHi = 0
  idLo = 0
  routeCache: unknown = undefined
  /** The request's bytes as received. */
  protected readonly raw: Uint8Array
  /** The upstream answer's bytes. */
  protected resRaw: Uint8Array | undefined = undefined
  protected more: Extras<F> | undefined = undefined

  constructor(server: S, frame: F, raw: Uint8Array, oneway: boolean, chain: StreamFilterChain | undefined) {
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

  // ---- RouteRequest
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
  protected extra(): Extras<F> {
    return (this.more ??= new Extras<F>())
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

  /** The raw bytes, or (route request header operations, filter changes) the request re-encoded. */
  protected requestBytes(): Uint8Array {
    const ops = this.rule!.action.requestHeaders
    if (!ops.empty) {
      const h = this.requestHeaders as FrameHeaders
      if (h.writable) ops.applyTo(h)
    }
    const m = this.more
    if (m === undefined || m.req === undefined || !m.req.changed) return this.raw
    return (m.encoded = m.req.encode())
  }

  /** RPC requests are not idempotent: after the write, only retry_non_idempotent resends them. */
  protected safeToResend(): boolean {
    return false
  }

  /** An upstream answer for this try; the decoded frame is kept only for whom looks at it (filters, response header operations). */
  protected answered(frame: F, raw: Uint8Array): void {
    if (!this.tryAnswered(this.retriesOnStatus() ? this.server.upstreamProto.httpStatus(frame) : 200)) return
    if (this.chain !== undefined || !this.rule!.action.responseHeaders.empty) this.extra().resFrame = frame
    this.resRaw = raw
    this.replyUpstream()
  }

  /** The try failed (F_*); the upstream's words become the reply's reason. */
  protected failed(failure: number, message: string): void {
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

  /** Put the downstream request's id back into reply bytes (multiplexed protocols); ordered ones have none. */
  protected restoreReplyId(_bytes: Uint8Array): void {}

  /** The proxy's own reply: a direct response, or the protocol's reply for the hijack status (extra headers where it has headers). */
  protected ownReply(): Uint8Array {
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
        this.restoreReplyId(bytes)
      }
    }
    return (more.own = bytes)
  }

  /** The reply's bytes: filters' changes re-encoded once, else the upstream's raw answer, else the proxy's own. */
  protected replyBytes(): Uint8Array {
    const res = this.more?.res
    if (res !== undefined && res.changed) {
      const bytes = res.encode()
      this.restoreReplyId(bytes)
      return bytes
    }
    if (this.replyKind === R_UPSTREAM) {
      this.restoreReplyId(this.resRaw!)
      return this.resRaw!
    }
    return this.ownReply()
  }
}
