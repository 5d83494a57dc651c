// Tests: circuit breaker counters (max_requests, max_retries; 0 = unlimited) and the cluster config around them.
import { test } from "node:test"
import assert from "node:assert/strict"
import { Effect } from "effect"
import { decodeConfig } from "@mosaic/kernel"
import { ClusterConfig, LbConfig } from "../config/cluster.ts"
import { builtinRegistry } from "../proxy-plan.ts"
import { buildCluster } from "./build-cluster.ts"
import { CircuitBreaker } from "./circuit-breaker.ts"
import { DEFAULT_MAX_CONNECTIONS } from "./cluster.ts"

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

/** Decode a cluster at `cluster` and build it with the built-in plugins. */
const build = (json: unknown) =>
  Effect.runSync(Effect.scoped(Effect.flatMap(decodeConfig(ClusterConfig, json, "cluster"), (c) => buildCluster(c, "cluster", builtinRegistry(), () => {}))))
const failure = (json: unknown) =>
  Effect.runSync(Effect.flip(Effect.scoped(Effect.flatMap(decodeConfig(ClusterConfig, json, "cluster"), (c) => buildCluster(c, "cluster", builtinRegistry(), () => {})))))

test("cluster: circuit_breakers[0] thresholds and health_check decoded with defaults; lbconfig decoded by the lb_type plugin", () => {
  const json = {
    name: "c",
    lb_type: "LB_LEAST_REQUEST",
    hosts: [{ address: "127.0.0.1:1" }, { address: "127.0.0.1:2", weight: 3 }],
    circuit_breakers: [{ max_requests: 5, max_retries: 2, max_pending_requests: 7 }],
    lbconfig: { choice_count: 3 },
    health_check: { protocol: "bolt", interval: "2s" }
  }
  // the cluster keeps lbconfig as written; the built-in balancers' schema fills the defaults
  assert.deepEqual(Effect.runSync(decodeConfig(ClusterConfig, json)).lbconfig, { choice_count: 3 })
  assert.deepEqual(Effect.runSync(decodeConfig(LbConfig, { decay: "2s" })), { choice_count: 2, active_request_bias: 1, decay: 2000 })
  const ewma = build({ name: "e", lb_type: "LB_PEAK_EWMA", hosts: [{ address: "127.0.0.1:1" }], lbconfig: { decay: "2s" } })
  assert.equal(ewma.hosts[0]!.latency?.decayMs, 2000)
  const c = build(json)
  assert.deepEqual([c.breaker.maxRequests, c.breaker.maxRetries, c.maxPendingRequests, c.maxConnections], [5, 2, 7, DEFAULT_MAX_CONNECTIONS])
  assert.equal(c.healthCheck?.interval, 2000)
  assert.equal(c.healthCheck?.protocol, "bolt")
  assert.ok(c.lb.choose(undefined) !== undefined)
  const bad = Effect.runSync(Effect.flip(decodeConfig(ClusterConfig, { name: "c", health_check: { protocol: "" } }, "cluster")))
  assert.equal(bad.path, "cluster.health_check.protocol")
})

test("cluster plugins: lb_type, lbconfig, hosts and host_source errors name their JSON path", () => {
  const unknownLb = failure({ name: "c", lb_type: "LB_NOPE" })
  assert.equal(unknownLb.path, "cluster.lb_type")
  assert.match(unknownLb.message, /unknown load_balancer plugin "LB_NOPE" \(registered: LB_ROUNDROBIN, /)
  assert.equal(failure({ name: "c", lb_type: "LB_LEAST_REQUEST", lbconfig: { choice_count: 0 } }).path, "cluster.lbconfig.choice_count")
  assert.equal(failure({ name: "c", host_source: { type: "zookeeper" } }).path, "cluster.host_source.type")
  assert.equal(failure({ name: "c", host_source: { type: "static", config: { hosts: [{ address: "nope" }] } } }).path, "cluster.host_source.config.hosts[0].address")
  const both = failure({ name: "c", hosts: [{ address: "127.0.0.1:1" }], host_source: { type: "static" } })
  assert.deepEqual([both.path, both.expected], ["cluster.host_source", "either hosts or host_source, not both"])
  // the same hosts through the static host source, named or implied
  const named = build({ name: "c", host_source: { type: "static", config: { hosts: [{ address: "127.0.0.1:1", weight: 2 }] } } })
  const implied = build({ name: "c", hosts: [{ address: "127.0.0.1:1", weight: 2 }] })
  assert.deepEqual([named.hosts.map((h) => [h.address, h.weight]), implied.hosts.map((h) => [h.address, h.weight])], [[["127.0.0.1:1", 2]], [["127.0.0.1:1", 2]]])
})
