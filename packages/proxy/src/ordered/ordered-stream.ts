// One downstream request of an ordered protocol on the phase machine: a try on the connection's own upstream connection, the reply in turn.
import type { Host } from "../cluster/host.ts"
import type { StreamFilterChain } from "../stream/filter-chain.ts"
import { ProtocolStream } from "../stream/protocol-stream.ts"
import { R_NONE } from "../stream/proxy-stream.ts"
import { F_CONNECT, F_OVERFLOW, F_RESET } from "../stream/retry-state.ts"
import type { PoolFailure, PoolWaiter } from "../upstream/pingpong-pool.ts"
import { type OrderedClient, type OrderedPool, orderedPool, type OrderedReceiver } from "./ordered-client.ts"
import type { OrderedServerConnection } from "./server-connection.ts"

/**
 * The request goes upstream as its raw bytes, or re-encoded once when filters or the route's request header
 * operations changed it. It runs alone on its downstream connection (the next one starts when its reply is
 * written), so the reply is written as soon as it is known and still answers requests in order.
 */
export class OrderedStream<F> extends ProtocolStream<F, OrderedServerConnection<F>> implements PoolWaiter<OrderedClient<F>>, OrderedReceiver<F> {
  // PoolWaiter
  waiting = false
  private pool: OrderedPool<F> | undefined = undefined
  /** The host of the try in flight, and its upstream connection once the request is written. */
  private tryHost: Host | undefined = undefined
  private client: OrderedClient<F> | undefined = undefined
  private bytes: Uint8Array | undefined = undefined

  constructor(server: OrderedServerConnection<F>, frame: F, raw: Uint8Array, oneway: boolean, chain: StreamFilterChain | undefined) {
    super(server, frame, raw, oneway, chain)
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

  onUpstreamResponse(frame: F, raw: Uint8Array): void {
    this.client = undefined
    this.answered(frame, raw)
  }

  onUpstreamFailure(message: string): void {
    this.client = undefined
    this.failed(F_RESET, message)
  }

  protected writeReply(): void {
    if (this.oneway) return
    this.server.reply(this.replyBytes())
  }

  /** A filter's Terminate without a reply: an ordered connection cannot skip one answer, so it closes. */
  protected resetDownstream(): void {
    this.server.reset(`${this.server.proto.name} request terminated without a reply`)
  }

  protected finished(): void {
    this.server.done(this)
  }
}
