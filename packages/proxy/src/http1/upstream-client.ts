// One upstream HTTP/1 connection: writes one request at a time, frames the answer with the response decoder.
// It goes back to its pool only when the answer is complete and not one byte more came: bytes with no
// request in flight, or left over after an answer, close it (they would otherwise answer the next client).
// It counts in its host's `activeConnections` from construction (the dial succeeded) to its first onClose,
// and, when the host's balancer wants latency (LB_PEAK_EWMA), times each request from write to answer.
import { createResponseDecoder, type Http1Response, type ResponseDecoder } from "@mosaic/protocol-http1"
import type { Connection, ConnectionHandler } from "@mosaic/transport"
import type { Host } from "../cluster/host.ts"
import type { Cluster } from "../cluster/cluster.ts"
import type { ProxyContext } from "../context.ts"
import { PingPongPool, type PooledClient } from "../upstream/pingpong-pool.ts"

/** What the client reports to the request it serves. */
export interface UpstreamReceiver {
  onUpstreamResponse(response: Http1Response): void
  /** The connection failed; `beforeResponse`: it had served before and sent no byte of this answer. */
  onUpstreamFailure(reused: boolean, beforeResponse: boolean): void
}

export type Http1Pool = PingPongPool<Http1Client>

export class Http1Client implements ConnectionHandler, PooledClient {
  readonly conn: Connection
  closed = false
  idleSince = 0
  /** Requests answered on this connection. */
  served = 0
  private readonly pool: Http1Pool
  private readonly host: Host
  private readonly ctx: ProxyContext
  private readonly decoder: ResponseDecoder
  private receiver: UpstreamReceiver | undefined = undefined
  /** The answer the decoder completed during the current push (handled once push returns). */
  private answer: Http1Response | undefined = undefined
  private gotBytes = false
  private removed = false
  /** performance.now() when the request in flight was written; only kept when the host tracks latency. */
  private sentAt = 0

  constructor(conn: Connection, pool: Http1Pool, ctx: ProxyContext, host: Host) {
    this.conn = conn
    this.pool = pool
    this.host = host
    this.ctx = ctx
    host.activeConnections++
    this.decoder = createResponseDecoder({ onResponse: (r) => void (this.answer = r), limits: ctx.http1Limits, onlyExpected: true })
    ctx.connections.add(conn)
    ctx.stats.upstreamConnections++
    conn.setHandler(this)
  }

  /** Write a request; the answer (or failure) goes to `receiver`. */
  send(receiver: UpstreamReceiver, method: string, bytes: Uint8Array): void {
    this.receiver = receiver
    this.gotBytes = false
    this.decoder.expect(method)
    this.ctx.stats.upstreamRequests++
    if (this.host.latency !== undefined) this.sentAt = performance.now()
    this.conn.write(bytes)
  }

  /** Give up on the request in flight (timeout): the connection cannot be reused. */
  abort(): void {
    this.receiver = undefined
    this.destroy()
  }

  destroy(): void {
    this.closed = true
    this.conn.destroy()
  }

  onData(chunk: Uint8Array): void {
    if (this.receiver === undefined) return this.destroy() // nobody asked: never parsed, never reused
    this.gotBytes = true
    try {
      this.decoder.push(chunk)
    } catch {
      if (this.answer === undefined) return this.fail() // garbage from upstream: 502, drop the connection
    }
    if (this.answer !== undefined) this.answered()
  }

  /** The answer is complete (push or end returned): keep the connection only if nothing follows it. */
  private answered(): void {
    const response = this.answer!
    this.answer = undefined
    const r = this.receiver
    this.receiver = undefined
    const reused = this.served++ > 0
    if (r === undefined) return this.destroy()
    if (response.status === 101) {
      // Upgrade is never forwarded, so a switch is a broken upstream: 502, and the connection is not HTTP any more
      this.destroy()
      return r.onUpstreamFailure(reused, false)
    }
    if (this.host.latency !== undefined) {
      const now = performance.now()
      this.host.observeLatency(now - this.sentAt, now)
    }
    if (response.keepAlive && !this.closed && this.decoder.idle) this.pool.release(this)
    else this.destroy()
    r.onUpstreamResponse(response)
  }

  private fail(): void {
    const r = this.receiver
    this.receiver = undefined
    this.destroy()
    r?.onUpstreamFailure(this.served > 0, false)
  }

  onClose(): void {
    this.closed = true
    if (this.removed) return
    this.removed = true
    this.host.activeConnections--
    this.ctx.connections.delete(this.conn)
    this.pool.remove(this)
    const r = this.receiver
    if (r === undefined) return
    try {
      this.decoder.end() // completes a read-until-close answer
    } catch {
      // truncated answer: reported below
    }
    if (this.answer !== undefined) return this.answered()
    if (this.receiver !== r) return
    this.receiver = undefined
    r.onUpstreamFailure(this.served > 0, !this.gotBytes)
  }
}

/** The HTTP/1 pool of `host`, created on first use. */
export const http1Pool = (ctx: ProxyContext, cluster: Cluster, host: Host): Http1Pool =>
  host.pool("http1", () => {
    const pool: Http1Pool = new PingPongPool<Http1Client>({
      connect: () =>
        ctx.transport.dial({ host: host.ip, port: host.port, timeoutMs: cluster.connectTimeoutMs })
          .then((conn) => new Http1Client(conn, pool, ctx, host)),
      maxConnections: cluster.maxConnections,
      maxPending: cluster.maxPendingRequests
    })
    return pool
  })
