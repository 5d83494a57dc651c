// LB_REQUEST_ROUNDROBIN: every request starts at the first healthy host in config order; its retries walk on in turn.
//
// MOSN (pkg/upstream/cluster/loadbalancer.go, reqRoundRobinLoadBalancer): not a round robin across
// requests. The index of the host last chosen is kept on the request itself (the `upstream_index`
// variable of its context). The first pick of a request starts at index 0; each later pick for the
// same request (a retry, or another pick after a pool could not connect) starts after the last index,
// wrapping around, and returns the first healthy host; none healthy = nil. So it is a priority / fail-over
// order: all traffic goes to the first healthy host, the next ones take retries.
// Mosaic: the same order; the request's position is the host it was last sent to, which `retryHost`
// passes to `chooseAfter` (no per-request state in the balancer; a host listed twice resumes after its
// first position).
import type { Host } from "./host.ts"
import type { LoadBalancer } from "./load-balancer.ts"

class RequestRoundRobin implements LoadBalancer {
  private readonly hosts: ReadonlyArray<Host>
  constructor(hosts: ReadonlyArray<Host>) {
    this.hosts = hosts
  }
  choose(): Host | undefined {
    return this.from(0)
  }
  chooseAfter(_context: unknown, previous: Host): Host | undefined {
    const i = this.hosts.indexOf(previous)
    return this.from(i + 1)
  }
  /** The first healthy host at or after `start`, wrapping around. */
  private from(start: number): Host | undefined {
    const hosts = this.hosts
    const n = hosts.length
    for (let k = 0; k < n; k++) {
      let i = start + k
      if (i >= n) i -= n
      const h = hosts[i]!
      if (h.healthy) return h
    }
    return undefined
  }
}

export const makeRequestRoundRobin = (hosts: ReadonlyArray<Host>): LoadBalancer => new RequestRoundRobin(hosts)
