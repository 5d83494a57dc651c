// One downstream request of a multiplexed protocol on the phase machine: tries on the multiplexed pool, replies with the caller's id.
import type { StreamFilterChain } from "../stream/filter-chain.ts"
import { ProtocolStream } from "../stream/protocol-stream.ts"
import type { XUpstreamLink, XUpstreamWaiter } from "./upstream-waiter.ts"
import type { XServerConnection } from "./server-connection.ts"
import { mirrorX } from "./x-mirror.ts"

/**
 * The request goes upstream as its raw bytes with only the id rewritten, unless filters or the route's
 * request header operations changed it (then it is re-encoded once, by the protocol package's encoder).
 * Every try after the first sends a copy (ids are rewritten in place per upstream connection). The
 * reply is written as soon as it is known (multiplexed: no ordering), with the caller's id put back.
 */
export class XProxyStream<F> extends ProtocolStream<F, XServerConnection<F>> implements XUpstreamWaiter<F> {
  // XUpstreamWaiter
  upstream: XUpstreamLink<F> | undefined = undefined
  upId = 0
  queuedRaw: Uint8Array | undefined = undefined
  queuedOn: unknown = undefined
  // the downstream connection's list of two-way requests in flight
  linked = false
  prev: XProxyStream<F> | undefined = undefined
  next: XProxyStream<F> | undefined = undefined
  private tries = 0

  constructor(server: XServerConnection<F>, frame: F, raw: Uint8Array, oneway: boolean, chain: StreamFilterChain | undefined) {
    super(server, frame, raw, oneway, chain)
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

  protected cancelTry(): void {
    const u = this.upstream
    if (u !== undefined) {
      this.upstream = undefined
      u.forget(this)
    }
    this.queuedRaw = undefined
    this.queuedOn = undefined
  }

  onUpstreamResponse(frame: F, raw: Uint8Array): void {
    this.answered(frame, raw)
  }

  onUpstreamFailure(failure: number, message: string): void {
    this.failed(failure, message)
  }

  protected override restoreReplyId(bytes: Uint8Array): void {
    this.server.proto.restoreId(bytes, this)
  }

  protected writeReply(): void {
    if (this.oneway || this.server.closed) return
    this.server.outbox.push(this.replyBytes())
  }

  /** A filter's Terminate without a reply: the request is dropped (no frame resets one request of a multiplexed connection). */
  protected resetDownstream(): void {}

  protected finished(): void {
    if (this.linked) this.server.unlink(this)
  }
}
