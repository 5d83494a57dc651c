// Tests: circuit breaker counters (max_requests, max_retries; 0 = unlimited) and the cluster config around them.
import { test } from "node:test"
import assert from "node:assert/strict"
import { Effect } from "effect"
import { decodeConfig } from "@mosaic/kernel"
import { ClusterConfig } from "../config/cluster.ts"
import { CircuitBreaker } from "./circuit-breaker.ts"
import { Cluster, DEFAULT_MAX_CONNECTIONS } from "./cluster.ts"
import { defaultLoadBalancers } from "./load-balancer.ts"

test("max_requests and max_retries: refuse past the limit, count refusals, free on end; 0 = unlimited", () => {
  const b = new CircuitBreaker({ maxRequests: 2, maxRetries: 1 })
  assert.deepEqual([b.tryRequest(), b.tryRequest(), b.tryRequest()], [true, true, false])
  assert.equal(b.requestOverflows, 1)
  b.endRequest()
  assert.equal(b.tryRequest(), true)
  assert.deepEqual([b.tryRetry(), b.tryRetry()], [true, false])
  b.endRetry()
  assert.equal(b.tryRetry(), true)
  const open = new CircuitBreaker({ maxRequests: 0, maxRetries: 0 })
  for (let i = 0; i < 10_000; i++) assert.equal(open.tryRequest(), true)
})

test("cluster: circuit_breakers[0] thresholds, lbconfig and health_check decoded with defaults", () => {
  const config = Effect.runSync(decodeConfig(ClusterConfig, {
    name: "c",
    lb_type: "LB_LEAST_REQUEST",
    hosts: [{ address: "127.0.0.1:1" }, { address: "127.0.0.1:2", weight: 3 }],
    circuit_breakers: [{ max_requests: 5, max_retries: 2, max_pending_requests: 7 }],
    lbconfig: { choice_count: 3 },
    health_check: { protocol: "bolt", interval: "2s" }
  }))
  assert.deepEqual(config.lbconfig, { choice_count: 3, active_request_bias: 1, decay: 10_000 })
  const ewma = Effect.runSync(decodeConfig(ClusterConfig, {
    name: "e", lb_type: "LB_PEAK_EWMA", hosts: [{ address: "127.0.0.1:1" }], lbconfig: { decay: "2s" }
  }))
  assert.deepEqual(ewma.lbconfig, { choice_count: 2, active_request_bias: 1, decay: 2000 })
  assert.equal(new Cluster(ewma, defaultLoadBalancers.get("LB_PEAK_EWMA")!).hosts[0]!.latency?.decayMs, 2000)
  const c = new Cluster(config, defaultLoadBalancers.get(config.lb_type)!)
  assert.deepEqual([c.breaker.maxRequests, c.breaker.maxRetries, c.maxPendingRequests, c.maxConnections], [5, 2, 7, DEFAULT_MAX_CONNECTIONS])
  assert.equal(c.healthCheck?.interval, 2000)
  assert.equal(c.healthCheck?.protocol, "bolt")
  assert.ok(c.lb.choose(undefined) !== undefined)
  const bad = Effect.runSync(Effect.flip(decodeConfig(ClusterConfig, { name: "c", health_check: { protocol: "smtp" } }, "cluster")))
  assert.equal(bad.path, "cluster.health_check.protocol")
})
