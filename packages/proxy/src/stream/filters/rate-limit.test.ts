// Tests: token bucket arithmetic, and the `rate_limit` stream filter: 429 with Retry-After, per-key buckets, the decision variable.
import { test } from "node:test"
import assert from "node:assert/strict"
import { getHeader } from "@mosaic/protocol-http1"
import { connect, get, runProxy, startUpstream } from "../../../test-support/harness.ts"
import { filterConfig, filterPlugin, registryOf } from "../../../test-support/streams.ts"
import { StreamFilterStatus } from "../filter.ts"
import { RATE_LIMIT_VARIABLE, type RateLimitDecision, TokenBucket } from "./rate-limit.ts"

test("token bucket: starts full, refills at `rate` per second up to `burst`, says how long to wait", () => {
  const b = new TokenBucket(10, 3, 0)
  assert.deepEqual([b.take(0), b.take(0), b.take(0)], [0, 0, 0])
  assert.equal(b.take(0), 100)
  assert.equal(b.take(50), 50)
  assert.equal(b.take(100), 0)
  assert.equal(b.take(10_000), 0) // refilled to 3 only
  assert.deepEqual([b.take(10_000), b.take(10_000), b.take(10_000)], [0, 0, 100])
})

test("rate_limit: over the limit 429 with Retry-After; one bucket per key_header value; other filters see the decision", async () => {
  const up = await startUpstream((_q, res) => res.end("ok"))
  const seen: Array<RateLimitDecision | undefined> = []
  const observer = filterPlugin("observe", {
    beforeSend: (s) => {
      seen.push(s.getVariable(RATE_LIMIT_VARIABLE) as RateLimitDecision | undefined)
      return StreamFilterStatus.Continue
    }
  })
  const p = await runProxy(
    filterConfig({ c: [up.address] }, [{ match: { prefix: "/" }, route: { cluster_name: "c" } }], [
      { type: "rate_limit", config: { rate: 2, burst: 3, key_header: "x-tenant" } },
      { type: "observe" }
    ]),
    { registry: registryOf([observer]) }
  )
  const c = await connect(p.port())
  const statuses: Array<number> = []
  for (let i = 0; i < 5; i++) statuses.push((await c.send(get("/", { "x-tenant": "a" })))[0]!.status)
  assert.deepEqual(statuses, [200, 200, 200, 429, 429])
  const [limited] = await c.send(get("/", { "x-tenant": "a" }))
  assert.deepEqual([getHeader(limited!.headers, "retry-after"), getHeader(limited!.headers, "x-mosaic-hijack")], ["1", "rate limited"])
  assert.equal((await c.send(get("/", { "x-tenant": "b" })))[0]!.status, 200)
  assert.equal(up.requests, 4)
  const decision = seen[3]!
  assert.deepEqual([decision.limited, decision.key, decision.retryAfterMs > 0 && decision.retryAfterMs <= 500], [true, "a", true])
  assert.equal(seen[0], undefined)
  assert.equal(p.proxy.stats().hijacks[429], 3)
  c.destroy()
  await p.close()
  await up.close()
})
