// The state of one downstream request and what filters see of it; the phase loop (ProxyStream) builds on it.
import type { Host } from "../cluster/host.ts"
import type { UpstreamChoice } from "../cluster/select-upstream.ts"
import type { ProxyContext } from "../context.ts"
import type { RouteRequest } from "../router/route-request.ts"
import type { RouteRule } from "../router/route-rule.ts"
import type { DeadlineItem, DeadlineList } from "../upstream/deadlines.ts"
import { type HeaderMap, STREAM_FILTER_STAGES, type StreamFilterHandler, type StreamFilterStage } from "./filter.ts"
import type { StreamFilterChain } from "./filter-chain.ts"
import { Phase, PHASE_NAMES, type PhaseName } from "./phase.ts"

/** What the reply is. */
export const R_NONE = 0
export const R_UPSTREAM = 1
/** A route's direct_response or a filter's sendDirectResponse. */
export const R_DIRECT = 2
/** The proxy's own reply: hijack (no route, upstream failure, timeout, a filter's sendHijack). */
export const R_HIJACK = 3

const encoder = new TextEncoder()

/** Fields, protocol hooks and the StreamFilterHandler side of a downstream request. */
export abstract class StreamState implements DeadlineItem, StreamFilterHandler, RouteRequest {
  // DeadlineItem (the global timeout)
  deadline = 0
  dlPrev: DeadlineItem | undefined = undefined
  dlNext: DeadlineItem | undefined = undefined
  dlList: DeadlineList | undefined = undefined
  readonly ctx: ProxyContext
  readonly chain: StreamFilterChain | undefined
  phaseNo: number = Phase.InitPhase
  rule: RouteRule | undefined = undefined
  choice: UpstreamChoice | undefined = undefined
  /** R_NONE until the reply is known. */
  replyKind = R_NONE
  replyStatus = 0
  replyReason = ""
  replyHeaders: Readonly<Record<string, string>> | undefined = undefined
  replyBody: Uint8Array | undefined = undefined
  /** Replied, reset or abandoned: nothing more happens. */
  ended = false
  /** One-way request (RPC): nothing is awaited after it is sent. */
  oneway = false
  /** The current try wrote the request upstream (so the upstream may have begun to process it). */
  tryWritten = false
  globalTimeoutMs = 0
  tryTimeoutMs = 0
  protected running = false
  protected pending = -1
  protected stageNo = -1
  protected filterIndex = 0
  protected paused = false
  protected resumeAsked = false
  protected reentries = 0
  protected crashes = 0
  protected began = false
  protected globalTimer: ReturnType<typeof setTimeout> | undefined = undefined
  protected tryTimer: ReturnType<typeof setTimeout> | undefined = undefined
  protected retriesLeft = -1
  protected retrySlot = false
  protected tried: Array<Host> | undefined = undefined
  protected variables: Map<string, unknown> | undefined = undefined

  constructor(ctx: ProxyContext, chain: StreamFilterChain | undefined) {
    this.ctx = ctx
    this.chain = chain
  }

  // ---- what a protocol provides
  abstract readonly protocol: string
  abstract readonly remoteAddress: string
  abstract readonly method: string
  abstract path: string
  abstract readonly query: string
  abstract readonly host: string
  abstract header(lowerName: string): string | undefined
  abstract readonly requestHeaders: HeaderMap
  abstract requestBody: Uint8Array
  abstract responseStatus: number
  abstract readonly responseHeaders: HeaderMap
  abstract responseBody: Uint8Array
  /** MatchRoute. */
  protected abstract matchRoute(): RouteRule | undefined
  /** DownRecvHeader: take a connection to `choice.host` and send the request (waiting for it counts as the try). */
  protected abstract sendTry(): void
  /** Stop the try in flight without a callback (stop waiting for a connection, abort the connection). */
  protected abstract cancelTry(): void
  /** May the request be sent again after the upstream may have begun to process it? */
  protected abstract safeToResend(): boolean
  /** UpFilter, before the filters: e.g. apply the route's response header operations. */
  protected abstract prepareReply(): void
  /** UpRecvHeader (data and trailers collapsed: bodies are buffered): encode the reply and hand it downstream. */
  protected abstract writeReply(): void
  /** End the downstream side without a reply. */
  protected abstract resetDownstream(): void
  /** After End: e.g. flush replies in order. */
  protected abstract finished(): void
  /** The reply changed while filters may hold views of the previous one. */
  protected replyChanged(): void {}
  /** The lifecycle is draining: the request is served and the protocol may close the connection after the reply. */
  protected servedWhileDraining(): void {}
  /** The request's own deadline in ms (RPC timeout fields), capping the global timeout; 0 = none. */
  protected requestDeadlineMs(): number {
    return 0
  }
  /** A timeout header (x-mosn-global-timeout, x-mosn-try-timeout) by lower-case name. */
  protected timeoutHeader(lowerName: string): string | undefined {
    return this.header(lowerName)
  }
  /** Now, in ms (a protocol may hand out one reading per batch of requests decoded together). */
  protected clock(): number {
    return Date.now()
  }

  /** Go on from `phase` (or note it when the loop is running). */
  protected abstract run(from: number): void
  /** A filter set a reply (see ProxyStream). */
  protected abstract replySet(): void

  // ---- StreamFilterHandler basics
  get stage(): StreamFilterStage {
    return STREAM_FILTER_STAGES[this.stageNo < 0 ? 0 : this.stageNo]!
  }
  get phase(): PhaseName {
    return PHASE_NAMES[this.phaseNo]!
  }
  get route(): RouteRule | undefined {
    return this.rule
  }
  get clusterName(): string | undefined {
    return this.choice?.cluster.name
  }
  get upstreamHost(): Host | undefined {
    return this.choice?.host
  }
  getVariable(name: string): unknown {
    return this.variables?.get(name)
  }
  setVariable(name: string, value: unknown): void {
    ;(this.variables ??= new Map()).set(name, value)
  }

  sendHijack(status: number, reason: string, headers?: Readonly<Record<string, string>>): void {
    if (this.ended || this.phaseNo > Phase.UpFilter) return
    this.setHijack(status, reason, headers)
    this.replySet()
  }

  sendDirectResponse(status: number, headers?: Readonly<Record<string, string>>, body?: string | Uint8Array): void {
    if (this.ended || this.phaseNo > Phase.UpFilter) return
    this.replyKind = R_DIRECT
    this.replyStatus = status
    this.replyReason = ""
    this.replyHeaders = headers
    this.replyBody = body === undefined ? undefined : typeof body === "string" ? encoder.encode(body) : body
    this.replySet()
  }

  resume(): void {
    if (this.ended || this.replyKind !== R_NONE) return
    if (this.running) {
      this.resumeAsked = true // called from inside the filter that is about to return Stop
      return
    }
    if (!this.paused) return
    this.paused = false
    this.filterIndex++
    this.run(this.phaseNo)
  }

  /** The global timeout passed (see ProxyStream). */
  abstract onDeadline(): void

  protected setHijack(status: number, reason: string, headers?: Readonly<Record<string, string>>): void {
    const stats = this.ctx.stats
    stats.hijacks[status] = (stats.hijacks[status] ?? 0) + 1
    this.replyKind = R_HIJACK
    this.replyStatus = status
    this.replyReason = reason
    this.replyHeaders = headers
    this.replyBody = undefined
  }
}
