// A per-host pool of a registered protocol's multiplexed connections (MOSN Multiplex pool): N slots, round robin, lazy connect.
import type { Cluster } from "../cluster/cluster.ts"
import type { Host } from "../cluster/host.ts"
import type { XClusterState, XContext } from "./context.ts"
import { F_CONNECT, F_OVERFLOW } from "../stream/retry-state.ts"
import type { Protocol } from "@mosaic/protocol"
import type { XUpstreamWaiter } from "./upstream-waiter.ts"
import { READY, UpstreamConnection } from "./upstream-connection.ts"

export class MuxPool<F> {
  readonly x: XContext
  readonly proto: Protocol<F>
  readonly cluster: Cluster
  readonly host: Host
  private readonly slots: Array<UpstreamConnection<F> | undefined>
  /** Every live connection, including ones draining after GOAWAY (no longer in a slot). */
  private readonly all = new Set<UpstreamConnection<F>>()
  private next = 0
  private closed = false

  constructor(x: XContext, cluster: Cluster, host: Host, state: XClusterState, proto: Protocol<F>) {
    this.x = x
    this.cluster = cluster
    this.host = host
    this.proto = proto
    this.slots = new Array<UpstreamConnection<F> | undefined>(state.connsPerHost).fill(undefined)
  }

  /** Open connections (connecting ones included). */
  get size(): number {
    return this.all.size
  }

  /** Forward `raw` for `s` on the next slot's connection, opening it when needed. */
  send(s: XUpstreamWaiter<F>, raw: Uint8Array): void {
    if (this.closed) return s.onUpstreamFailure(F_CONNECT, "proxy shutting down")
    const slots = this.slots
    let i = 0
    if (slots.length > 1) {
      i = this.next
      this.next = i + 1 === slots.length ? 0 : i + 1
    }
    let c = slots[i]
    if (c === undefined) {
      c = new UpstreamConnection(this)
      slots[i] = c
      this.all.add(c)
    }
    if (c.state !== READY) {
      const max = this.cluster.maxPendingRequests
      if (max > 0 && this.waiting() >= max) {
        return s.onUpstreamFailure(F_OVERFLOW, `upstream overflow (more than ${max} requests waiting for a connection, max_pending_requests)`)
      }
    }
    c.send(s, raw)
  }

  /** Requests waiting for a connection to open. */
  waiting(): number {
    let n = 0
    for (const c of this.slots) if (c !== undefined) n += c.waiting
    return n
  }

  /** A connection died or drains: its slot gets a new one on next use. */
  remove(c: UpstreamConnection<F>): void {
    const i = this.slots.indexOf(c)
    if (i !== -1) this.slots[i] = undefined
    if (c.state !== READY || !c.draining) this.all.delete(c)
  }

  /** Close connections that had no request for `idleTimeoutMs` and have none pending (checked every second). */
  sweep(now: number, idleTimeoutMs: number): void {
    if (idleTimeoutMs <= 0) return
    for (const c of [...this.all]) {
      if (c.state !== READY) continue
      if (c.sent !== c.sweepSent || c.pending.size > 0) {
        c.sweepSent = c.sent
        c.idleSince = now
      } else if (now - c.idleSince >= idleTimeoutMs) c.die("idle timeout")
    }
  }

  close(): void {
    this.closed = true
    for (const c of [...this.all]) c.die("proxy shutting down")
    this.all.clear()
  }
}

/** The multiplexed pool of `host` for `proto`, created on first use (pools are kept per protocol name). */
export const muxPool = <F>(x: XContext, cluster: Cluster, host: Host, state: XClusterState, proto: Protocol<F>): MuxPool<F> =>
  host.pool(proto.name, () => new MuxPool(x, cluster, host, state, proto))
