// Tests: LB_REQUEST_ROUNDROBIN: each request starts at the first healthy host; retries walk on in config order.
import { test } from "node:test"
import assert from "node:assert/strict"
import { builtinBalancers } from "./builtin-load-balancers.ts"
import { hosts } from "../../test-support/load-balancing.ts"
import { Cluster } from "./cluster.ts"
import { admitToCluster, releaseUpstream, retryHost } from "./select-upstream.ts"
import type { UpstreamChoice } from "./select-upstream.ts"

const rrr = builtinBalancers.get("LB_REQUEST_ROUNDROBIN")!

test("every new request goes to the first healthy host; chooseAfter walks on, wrapping, skipping unhealthy", () => {
  const hs = hosts(1, 1, 1, 1)
  const lb = rrr(hs)
  const idx = (h: unknown) => hs.indexOf(h as never)
  assert.deepEqual(Array.from({ length: 5 }, () => idx(lb.choose(undefined))), [0, 0, 0, 0, 0])
  const seq = [lb.choose(undefined)!]
  for (let i = 0; i < 5; i++) seq.push(lb.chooseAfter!(undefined, seq[seq.length - 1]!)!)
  assert.deepEqual(seq.map(idx), [0, 1, 2, 3, 0, 1])
  hs[0]!.healthy = false
  hs[2]!.healthy = false
  assert.equal(idx(lb.choose(undefined)), 1)
  assert.equal(idx(lb.chooseAfter!(undefined, hs[1]!)), 3)
  assert.equal(idx(lb.chooseAfter!(undefined, hs[3]!)), 1)
  assert.equal(idx(lb.chooseAfter!(undefined, hs[0]!)), 1) // resuming after an unhealthy host works too
  for (const h of hs) h.healthy = false
  assert.equal(lb.choose(undefined), undefined)
  assert.equal(lb.chooseAfter!(undefined, hs[1]!), undefined)
  assert.equal(rrr([]).choose(undefined), undefined)
})

test("retryHost follows the order: 1st try host 0, retries hosts 1, 2, then wraps to 0", () => {
  const config = {
    name: "c", type: "SIMPLE" as const, lb_type: "LB_REQUEST_ROUNDROBIN", connect_timeout: 1000, idle_timeout: 0,
    circuit_breakers: [], hosts: [0, 1, 2].map((i) => ({ address: `127.0.0.1:${2000 + i}`, weight: 1 }))
  }
  const cluster = new Cluster(config, rrr)
  const clusters = { get: () => cluster } as never
  let choice = admitToCluster(clusters, "c", undefined) as UpstreamChoice
  const order = [cluster.hosts.indexOf(choice.host)]
  for (let i = 0; i < 3; i++) {
    choice = retryHost(choice, undefined, [choice.host])!
    order.push(cluster.hosts.indexOf(choice.host))
  }
  assert.deepEqual(order, [0, 1, 2, 0])
  assert.deepEqual(cluster.hosts.map((h) => h.activeRequests), [1, 0, 0])
  releaseUpstream(choice)
  assert.deepEqual(cluster.hosts.map((h) => h.activeRequests), [0, 0, 0])
})
