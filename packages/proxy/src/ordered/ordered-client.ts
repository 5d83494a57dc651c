// One upstream connection of an ordered protocol (no request ids): writes one request, the next frame it decodes is the answer.
// It counts in its host's `activeConnections` from construction (the dial succeeded) to its first onClose.
import { isProtocolDecodeError, type FrameDecoder, type Protocol } from "@mosaic/protocol"
import type { Connection, ConnectionHandler } from "@mosaic/transport"
import type { Cluster } from "../cluster/cluster.ts"
import type { Host } from "../cluster/host.ts"
import type { ProxyContext } from "../context.ts"
import { PingPongPool, type PooledClient } from "../upstream/pingpong-pool.ts"

/** Who waits for the answer of the request in flight. */
export interface OrderedReceiver<F> {
  onUpstreamResponse(frame: F, raw: Uint8Array): void
  /** The connection closed or sent bytes that do not decode before the answer. */
  onUpstreamFailure(message: string): void
}

export type OrderedPool<F> = PingPongPool<OrderedClient<F>>

/**
 * A frame that arrives with no request in flight, or a decode error, closes the connection: the pairing of
 * requests and answers by order would be lost. The owner (one downstream connection) keeps it between
 * requests and destroys it when done; the pool only bounds how many are open per host.
 */
export class OrderedClient<F> implements ConnectionHandler, PooledClient {
  readonly conn: Connection
  closed = false
  idleSince = 0
  private readonly pool: OrderedPool<F>
  private readonly host: Host
  private readonly ctx: ProxyContext
  private readonly decoder: FrameDecoder<F>
  private receiver: OrderedReceiver<F> | undefined = undefined
  private removed = false
  /** performance.now() when the request in flight was written; only kept when the host tracks latency. */
  private sentAt = 0

  constructor(conn: Connection, pool: OrderedPool<F>, ctx: ProxyContext, host: Host, proto: Protocol<F>) {
    this.conn = conn
    this.pool = pool
    this.host = host
    this.ctx = ctx
    this.decoder = proto.createDecoder()
    host.activeConnections++
    ctx.connections.add(conn)
    ctx.stats.upstreamConnections++
    conn.setHandler(this)
  }

  /** A request is in flight. */
  get busy(): boolean {
    return this.receiver !== undefined
  }

  /** Write a request; its answer (or a failure) goes to `receiver`. */
  send(receiver: OrderedReceiver<F>, bytes: Uint8Array): void {
    this.receiver = receiver
    this.ctx.stats.upstreamRequests++
    if (this.host.latency !== undefined) this.sentAt = performance.now()
    this.conn.write(bytes)
  }

  /** Give up on the request in flight (timeout, downstream gone): its late answer would answer the next one. */
  abort(): void {
    this.receiver = undefined
    this.destroy()
  }

  destroy(): void {
    this.closed = true
    this.conn.destroy()
  }

  onData(chunk: Uint8Array): void {
    if (this.closed) return
    const d = this.decoder
    try {
      d.push(chunk)
      for (let r = d.read(); r !== undefined; r = d.read()) {
        const w = this.receiver
        if (w === undefined) return this.fail("upstream sent a frame with no request in flight")
        this.receiver = undefined
        if (this.host.latency !== undefined) {
          const now = performance.now()
          this.host.observeLatency(now - this.sentAt, now)
        }
        w.onUpstreamResponse(r.frame, r.raw)
        if (this.closed) return
      }
    } catch (e) {
      if (!isProtocolDecodeError(e)) throw e
      this.fail(`bad frame from upstream (${e.reason}): ${e.message}`)
    }
  }

  private fail(message: string): void {
    const w = this.receiver
    this.receiver = undefined
    this.destroy()
    w?.onUpstreamFailure(message)
  }

  onClose(): void {
    this.closed = true
    if (this.removed) return
    this.removed = true
    this.host.activeConnections--
    this.ctx.connections.delete(this.conn)
    this.pool.remove(this)
    const w = this.receiver
    this.receiver = undefined
    w?.onUpstreamFailure("upstream connection closed")
  }
}

/** The pool of `host` for the ordered protocol `proto`, created on first use (pools are kept per protocol name). */
export const orderedPool = <F>(ctx: ProxyContext, cluster: Cluster, host: Host, proto: Protocol<F>): OrderedPool<F> =>
  host.pool(`ordered:${proto.name}`, () => {
    const pool: OrderedPool<F> = new PingPongPool<OrderedClient<F>>({
      connect: () =>
        ctx.transport.dial({ host: host.ip, port: host.port, timeoutMs: cluster.connectTimeoutMs })
          .then((conn) => new OrderedClient(conn, pool, ctx, host, proto)),
      maxConnections: cluster.maxConnections,
      maxPending: cluster.maxPendingRequests
    })
    return pool
  })
