// The protocol-agnostic downstream stream: MOSN's phase loop and its transition rules, filter stages, timeouts, retries.
import type { Host } from "../cluster/host.ts"
import { lbContextFor, releaseUpstream, retryHost, selectUpstream } from "../cluster/select-upstream.ts"
import type { RouteRule } from "../router/route-rule.ts"
import { STREAM_FILTER_STAGES, StreamFilterStatus } from "./filter.ts"
import { S_AFTER_CHOOSE_HOST, S_AFTER_ROUTE, S_BEFORE_ROUTE, S_BEFORE_SEND } from "./filter-chain.ts"
import { Phase, PHASE_NAMES } from "./phase.ts"
import { F_PER_TRY_TIMEOUT, FAILURE_REASON, FAILURE_STATUS, isRetriable, isRetriableStatus, retryBudget } from "./retry-state.ts"
import { R_DIRECT, R_NONE, R_UPSTREAM, StreamState } from "./stream-state.ts"
import { GLOBAL_TIMEOUT_HEADER, headerMs, sharedDeadline, TRY_TIMEOUT_HEADER, tryTimeoutMs } from "./timeouts.ts"

export { R_DIRECT, R_HIJACK, R_NONE, R_UPSTREAM } from "./stream-state.ts"

/** `step` results besides a phase: wait for a callback / the stream is over. */
const SUSPEND = -1
const EXIT = -2

/** Filter re-entries (Retry Match Route / Retry Choose Host) per request (MOSN runs `receive` at most 10 times). */
const MAX_REENTRIES = 10

const { Continue, Stop, Terminate, RetryMatchRoute, RetryChooseHost } = StreamFilterStatus

const onTryTimer = (s: ProxyStream): void => s.onTryTimeout()
const onGlobalTimer = (s: ProxyStream): void => s.onDeadline()

/**
 * One downstream request. `run(phase)` walks the phases in a plain loop until one has to wait (upstream,
 * a filter that returned Stop, a timer); the callbacks call `run` again with the phase to go on from.
 * Protocols extend it with routing fields, the upstream try and the reply encoding.
 */
export abstract class ProxyStream extends StreamState {
  // ---- the phase loop
  start(): void {
    this.run(Phase.InitPhase)
  }

  protected run(from: number): void {
    if (this.running) {
      this.pending = from // a callback during a phase (e.g. a pool failure while sending): taken at WaitNotify
      return
    }
    this.running = true
    let phase = from
    try {
      while (phase >= 0 && !this.ended) {
        this.phaseNo = phase
        phase = this.step(phase)
        if (phase === SUSPEND && this.pending >= 0) {
          phase = this.pending
          this.pending = -1
        }
      }
    } catch (e) {
      this.running = false
      return this.crashed(e)
    }
    this.running = false
  }

  private step(phase: number): number {
    switch (phase) {
      case Phase.InitPhase:
        return this.init()
      case Phase.DownFilter:
        return this.chain === undefined ? Phase.MatchRoute : this.receive(S_BEFORE_ROUTE, Phase.MatchRoute)
      case Phase.MatchRoute:
        this.rule = this.matchRoute()
        return this.chain === undefined ? Phase.ChooseHost : Phase.DownFilterAfterRoute
      case Phase.DownFilterAfterRoute:
        return this.chain === undefined ? Phase.ChooseHost : this.receive(S_AFTER_ROUTE, Phase.ChooseHost)
      case Phase.ChooseHost:
        return this.chooseHost()
      case Phase.DownFilterAfterChooseHost:
        return this.chain === undefined ? Phase.DownRecvHeader : this.receive(S_AFTER_CHOOSE_HOST, Phase.DownRecvHeader)
      case Phase.DownRecvHeader:
        this.startTry()
        // headers, body and trailers go in one write: DownRecvData / DownRecvTrailer collapsed
        if (this.chain !== undefined) return Phase.Oneway
        if (this.oneway) return Phase.End
        this.phaseNo = Phase.WaitNotify // (no filters to see the phases in between)
        return SUSPEND
      case Phase.DownRecvData:
      case Phase.DownRecvTrailer:
        return Phase.Oneway
      case Phase.Oneway:
        return this.oneway ? Phase.End : Phase.WaitNotify
      case Phase.Retry:
        return this.doRetry()
      case Phase.WaitNotify:
        return SUSPEND
      case Phase.UpFilter:
        this.prepareReply()
        return this.chain === undefined ? Phase.UpRecvHeader : this.send()
      case Phase.UpRecvHeader:
        this.writeReply()
        return Phase.End // UpRecvData / UpRecvTrailer collapsed
      case Phase.UpRecvData:
      case Phase.UpRecvTrailer:
        return Phase.End
      case Phase.End:
        this.end()
        return EXIT
    }
    return EXIT
  }

  private init(): number {
    // Requests on external connections count once; a pipe's belong to the gRPC call that sent them.
    // Accepted requests are served while draining; the protocol may close the connection after the reply.
    const lc = this.ctx.lifecycle
    if (lc !== undefined && this.remoteAddress !== "pipe") {
      lc.enter()
      this.began = true
      if (lc.draining()) this.servedWhileDraining()
    }
    return this.chain === undefined ? Phase.MatchRoute : Phase.DownFilter
  }

  /** ChooseHost: no route 404, direct_response, else timeouts (first time) and cluster/breaker/balancer. */
  private chooseHost(): number {
    const rule = this.rule
    if (rule === undefined) {
      this.setHijack(404, "no route")
      return Phase.UpFilter
    }
    const direct = rule.action.directResponse
    if (direct !== undefined) {
      this.replyKind = R_DIRECT
      this.replyStatus = direct.status
      this.replyBody = direct.body
      return Phase.UpFilter
    }
    if (this.choice !== undefined) {
      releaseUpstream(this.choice) // a filter asked to choose again
      this.choice = undefined
    }
    const choice = selectUpstream(this.ctx.clusters, rule, this, this.remoteAddress)
    if (typeof choice === "string") {
      this.setHijack(503, choice === "UnknownCluster" ? "unknown cluster" : choice === "Overflow" ? "upstream overflow" : "no healthy upstream host")
      return Phase.UpFilter
    }
    this.choice = choice
    if (this.globalTimeoutMs === 0) this.startGlobalTimer(rule)
    return this.chain === undefined ? Phase.DownRecvHeader : Phase.DownFilterAfterChooseHost
  }

  private startGlobalTimer(rule: RouteRule): void {
    const header = headerMs(this.timeoutHeader(GLOBAL_TIMEOUT_HEADER))
    let global = header ?? rule.action.timeoutMs
    // route timeouts share one timer per value; a header's arbitrary value gets its own
    let shared = header === undefined
    const own = this.requestDeadlineMs()
    if (own > 0 && own < global) {
      global = own
      shared = sharedDeadline(this.ctx.deadlines, own)
    }
    this.globalTimeoutMs = global
    this.tryTimeoutMs = tryTimeoutMs(global, rule.action.retryPolicy?.retryTimeoutMs ?? 0, headerMs(this.timeoutHeader(TRY_TIMEOUT_HEADER)))
    if (shared) this.ctx.deadlines.add(this, global, this.clock())
    else this.globalTimer = setTimeout(onGlobalTimer, global, this)
  }

  private startTry(): void {
    this.tryWritten = false
    if (this.tryTimeoutMs > 0) this.tryTimer = setTimeout(onTryTimer, this.tryTimeoutMs, this)
    this.sendTry()
  }

  // ---- filter stages
  /** Run a receive stage from `filterIndex`; the phase to go to (MOSN processError's rules). */
  private receive(stage: number, next: number): number {
    const chain = this.chain!
    const list = chain.stages[stage]!
    if (list.length === 0) return next
    this.stageNo = stage
    for (let i = this.filterIndex; i < list.length; i++) {
      this.filterIndex = i
      this.resumeAsked = false
      const status = list[i]!(this)
      if (this.ended) return EXIT
      if (status === Terminate) {
        this.filterIndex = 0
        this.stageNo = -1
        if (this.replyKind !== R_NONE) return Phase.UpRecvHeader // the reply the filter set, no more filters
        this.resetDownstream()
        return Phase.End
      }
      if (this.replyKind !== R_NONE) {
        // a direct response or hijack: no more receive filters, to UpFilter (MOSN)
        this.filterIndex = 0
        this.stageNo = -1
        return Phase.UpFilter
      }
      if (status === Continue) continue
      if (status === Stop) {
        if (this.resumeAsked) continue
        this.paused = true
        return SUSPEND
      }
      if (status === RetryMatchRoute && stage === S_AFTER_ROUTE) return this.reenter(Phase.MatchRoute)
      if (status === RetryChooseHost && stage === S_AFTER_CHOOSE_HOST) return this.reenter(Phase.ChooseHost)
      chain.log(`stream filter: status "${status}" is not valid at ${STREAM_FILTER_STAGES[stage]}; the rest of the stage is skipped`)
      break
    }
    this.filterIndex = 0
    this.stageNo = -1
    return next
  }

  /** Re-enter MatchRoute / ChooseHost; the filter that asked runs again after it (MOSN keeps the index). */
  private reenter(phase: number): number {
    this.stageNo = -1
    if (++this.reentries > MAX_REENTRIES) {
      this.filterIndex = 0
      this.setHijack(500, "stream filter re-entry limit")
      return Phase.UpFilter
    }
    return phase
  }

  /** before_send: Continue, Stop (the reply goes as it is), Terminate (reset, no reply). */
  private send(): number {
    const chain = this.chain!
    const list = chain.stages[S_BEFORE_SEND]!
    this.stageNo = S_BEFORE_SEND
    for (let i = 0; i < list.length; i++) {
      const status = list[i]!(this)
      if (this.ended) return EXIT
      if (status === Continue) continue
      if (status === Terminate) {
        this.stageNo = -1
        this.resetDownstream()
        return Phase.End
      }
      if (status !== Stop) chain.log(`stream filter: status "${status}" is not valid at before_send; the rest of the stage is skipped`)
      break
    }
    this.stageNo = -1
    return Phase.UpRecvHeader
  }

  /** A filter set a reply: synchronously the stage loop sees it; later (after Stop, or while upstream) go to UpFilter. */
  protected replySet(): void {
    this.replyChanged()
    if (this.running) return
    this.paused = false
    this.filterIndex = 0
    this.stageNo = -1
    this.cancelTry()
    this.endTry()
    this.run(Phase.UpFilter)
  }

  // ---- upstream outcomes (called by the protocol)
  /** An answer with `status` arrived: true to use it; false when it is dropped (retry started, or too late). */
  protected tryAnswered(status: number): boolean {
    if (this.ended || this.replyKind !== R_NONE) return false
    this.endTry()
    const policy = this.rule?.action.retryPolicy
    if (isRetriableStatus(policy, status) && this.takeRetry()) {
      this.run(Phase.Retry)
      return false
    }
    return true
  }

  /** Whether the route retries on answer statuses (status_codes): protocols whose status takes work to read skip it otherwise. */
  protected retriesOnStatus(): boolean {
    const policy = this.rule?.action.retryPolicy
    return policy !== undefined && policy.retryOn && policy.statusCodes.length > 0
  }

  /** Use the upstream answer stored by the protocol. */
  protected replyUpstream(): void {
    this.replyKind = R_UPSTREAM
    this.run(Phase.UpFilter)
  }

  /** The try failed (`F_*` of retry-state): retry when the rules allow, else the proxy's reply. */
  protected tryFailed(failure: number): void {
    if (this.ended || this.replyKind !== R_NONE) return
    this.endTry()
    const policy = this.rule?.action.retryPolicy
    if (isRetriable(policy, failure, this.tryWritten, this.tryWritten && this.safeToResend()) && this.takeRetry()) {
      return this.run(Phase.Retry)
    }
    this.setHijack(FAILURE_STATUS[failure]!, FAILURE_REASON[failure]!)
    this.run(Phase.UpFilter)
  }

  /** A retry slot: budget left and the cluster's max_retries breaker; held until that try ends. */
  private takeRetry(): boolean {
    const choice = this.choice
    if (choice === undefined) return false
    if (this.retriesLeft < 0) this.retriesLeft = retryBudget(this.rule!.action.retryPolicy)
    if (this.retriesLeft === 0 || !choice.cluster.breaker.tryRetry()) return false
    this.retriesLeft--
    this.retrySlot = true
    return true
  }

  /** Retry: another host of the cluster when there is one (hosts tried are excluded), then send again. */
  private doRetry(): number {
    this.ctx.stats.retries++
    const choice = this.choice!
    const tried = (this.tried ??= [])
    tried.push(choice.host)
    const next = retryHost(choice, lbContextFor(this.rule!, this, this.remoteAddress), tried)
    if (next === undefined) {
      this.setHijack(503, "no healthy upstream host")
      return Phase.UpFilter
    }
    this.choice = next
    return Phase.DownRecvHeader
  }

  private endTry(): void {
    if (this.tryTimer !== undefined) {
      clearTimeout(this.tryTimer)
      this.tryTimer = undefined
    }
    if (this.retrySlot) {
      this.retrySlot = false
      this.choice?.cluster.breaker.endRetry()
    }
  }

  /** retry_timeout / x-mosn-try-timeout passed. */
  onTryTimeout(): void {
    this.tryTimer = undefined
    if (this.ended || this.replyKind !== R_NONE) return
    this.cancelTry()
    this.tryFailed(F_PER_TRY_TIMEOUT)
  }

  /** The global timeout (route timeout / x-mosn-global-timeout) passed: 504, whatever is in progress. */
  onDeadline(): void {
    this.globalTimer = undefined
    if (this.ended || this.replyKind !== R_NONE) return
    this.paused = false
    this.filterIndex = 0
    this.stageNo = -1
    this.cancelTry()
    this.endTry()
    this.setHijack(504, "upstream timeout")
    this.replyChanged()
    this.run(Phase.UpFilter)
  }

  /** The downstream went away: drop everything, reset the upstream try (MOSN does). */
  abandon(): void {
    if (this.ended) return
    this.ended = true
    this.paused = false
    this.cancelTry()
    this.cleanup()
  }

  private end(): void {
    this.ended = true
    this.cleanup()
    this.finished()
  }

  private cleanup(): void {
    if (this.dlList !== undefined) this.ctx.deadlines.remove(this)
    if (this.globalTimer !== undefined) {
      clearTimeout(this.globalTimer)
      this.globalTimer = undefined
    }
    this.endTry()
    if (this.choice !== undefined) {
      releaseUpstream(this.choice)
      this.choice = undefined
    }
    if (this.began) {
      this.began = false
      this.ctx.lifecycle!.exit()
    }
    const chain = this.chain
    if (chain !== undefined && chain.destroy.length > 0) chain.destroyed(this)
  }

  /** A phase threw (a filter, or a header a filter set that cannot be encoded): 500, or a reset if that fails too. */
  private crashed(e: unknown): void {
    ;(this.chain?.log ?? console.warn)(`proxy stream: ${PHASE_NAMES[this.phaseNo]}: ${e instanceof Error ? e.message : String(e)}`)
    if (this.ended) return
    this.paused = false
    this.filterIndex = 0
    this.stageNo = -1
    this.cancelTry()
    this.endTry()
    if (this.crashes++ === 0 && this.phaseNo <= Phase.UpRecvHeader) {
      this.setHijack(500, "internal error")
      this.replyChanged()
      return this.run(Phase.UpRecvHeader)
    }
    this.resetDownstream()
    this.end()
  }
}
