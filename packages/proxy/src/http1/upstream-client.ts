// One upstream HTTP/1 connection: writes one request at a time, frames the answer with the response decoder.
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
    this.decoder = createResponseDecoder({ onResponse: (r) => this.onResponse(r), limits: ctx.http1Limits })
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
    this.gotBytes = true
    try {
      this.decoder.push(chunk)
    } catch {
      // garbage from upstream: fail the request in flight (502) and drop the connection
      const r = this.receiver
      this.receiver = undefined
      this.destroy()
      r?.onUpstreamFailure(this.served > 0, false)
    }
  }

  private onResponse(response: Http1Response): void {
    const r = this.receiver
    this.receiver = undefined
    this.served++
    if (r === undefined) return this.destroy() // an answer nobody asked for
    if (this.host.latency !== undefined) {
      const now = performance.now()
      this.host.observeLatency(now - this.sentAt, now)
    }
    if (response.keepAlive && !this.closed) this.pool.release(this)
    else this.destroy()
    r.onUpstreamResponse(response)
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
