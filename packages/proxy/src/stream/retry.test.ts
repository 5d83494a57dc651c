// Tests (real sockets, HTTP/1): retry rules: another host, connect failures, status codes, resend safety, budget, max_retries.
import { test } from "node:test"
import assert from "node:assert/strict"
import { getHeader } from "@mosaic/protocol-http1"
import { connect, get, runProxy, simpleConfig, sleep, startUpstream, text } from "../../test-support/harness.ts"
import { midResponseReset, refusedAddress, timed } from "../../test-support/streams.ts"
import { isRetriable, isRetriableStatus, F_CONNECT, F_OVERFLOW, F_PER_TRY_TIMEOUT, F_RESET, retryBudget } from "./retry-state.ts"

const policy = (p: Partial<{ retryOn: boolean; numRetries: number; statusCodes: Array<number>; retryNonIdempotent: boolean }>) => ({
  retryOn: false,
  retryTimeoutMs: 0,
  numRetries: 0,
  statusCodes: [],
  retryNonIdempotent: false,
  ...p
})

test("retry rules: what may be sent again", () => {
  // connect failures always (nothing was written), even without a policy; overflow never
  assert.equal(isRetriable(undefined, F_CONNECT, false, false), true)
  assert.equal(isRetriable(policy({ retryOn: true }), F_OVERFLOW, false, true), false)
  // without retry_on: only connect failures (MOSN)
  assert.equal(isRetriable(policy({}), F_RESET, true, true), false)
  assert.equal(isRetriable(undefined, F_PER_TRY_TIMEOUT, true, true), false)
  // with retry_on: after the write only when safe to resend (or the policy says so); before it always
  const on = policy({ retryOn: true })
  assert.equal(isRetriable(on, F_RESET, true, true), true)
  assert.equal(isRetriable(on, F_RESET, true, false), false)
  assert.equal(isRetriable(on, F_PER_TRY_TIMEOUT, false, false), true)
  assert.equal(isRetriable(policy({ retryOn: true, retryNonIdempotent: true }), F_PER_TRY_TIMEOUT, true, false), true)
  // status codes: listed ones, with retry_on
  assert.equal(isRetriableStatus(policy({ retryOn: true, statusCodes: [503] }), 503), true)
  assert.equal(isRetriableStatus(policy({ retryOn: true, statusCodes: [503] }), 500), false)
  assert.equal(isRetriableStatus(policy({ statusCodes: [503] }), 503), false)
  assert.deepEqual([retryBudget(undefined), retryBudget(policy({ numRetries: 1 }))], [3, 1])
})

test("a connect failure is retried on another host without any retry_policy (MOSN's default)", async () => {
  const up = await startUpstream((_q, res) => res.end("up"))
  const down = await refusedAddress()
  const p = await runProxy(simpleConfig([down, up.address]))
  for (let i = 0; i < 6; i++) {
    const { res } = await timed(p.port())
    assert.deepEqual([res.status, text(res)], [200, "up"])
  }
  // the retry's pick takes a round-robin turn too, so (nearly) every first try lands on the refused host
  assert.ok(p.proxy.stats().retries >= 5, `${p.proxy.stats().retries} retries`)
  await p.close()
  await up.close()
})

test("retry_on + status_codes: a listed answer is dropped and the request goes to another host; the last answer is kept when the budget is spent", async () => {
  const tried: Array<string> = []
  const mk = (name: string, status: number) =>
    startUpstream((_q, res) => {
      tried.push(name)
      res.statusCode = status
      res.end(name)
    })
  const a = await mk("a", 503)
  const b = await mk("b", 503)
  const c3 = await mk("c", 200)
  const route = (n: number) => ({ match: { prefix: "/" }, route: { cluster_name: "c", retry_policy: { retry_on: true, num_retries: n, status_codes: [503] } } })
  const p = await runProxy(simpleConfig([a.address, b.address, c3.address], { routers: [route(2)] }))
  for (let i = 0; i < 3; i++) {
    const { res } = await timed(p.port(), get("/"), "POST") // status retries apply to any method
    assert.deepEqual([res.status, text(res)], [200, "c"])
  }
  assert.equal(tried.filter((t) => t === "c").length, 3)
  assert.equal(new Set(tried.slice(0, tried.indexOf("c") + 1)).size, tried.indexOf("c") + 1, "no host tried twice for one request")
  await p.close()
  const p1 = await runProxy(simpleConfig([a.address, b.address], { routers: [route(1)] }))
  tried.length = 0
  const { res } = await timed(p1.port())
  assert.equal(res.status, 503)
  assert.equal(tried.length, 2)
  assert.equal(p1.proxy.stats().retries, 1)
  await p1.close()
  for (const u of [a, b, c3]) await u.close()
})

test("a reset after the request was written: GET retried, POST not unless Idempotency-Key or retry_non_idempotent", async () => {
  const bad = await midResponseReset()
  const good = await startUpstream((req, res) => res.end(`good ${req.method}`))
  const routers = [
    { match: { prefix: "/unsafe" }, route: { cluster_name: "c", retry_policy: { retry_on: true, num_retries: 1, retry_non_idempotent: true } } },
    { match: { prefix: "/" }, route: { cluster_name: "c", retry_policy: { retry_on: true, num_retries: 1 } } }
  ]
  // weight 1000 to 1: smooth weighted round robin sends the first hundreds of first tries to the bad host
  const p = await runProxy(simpleConfig([], {
    clusters: [{ name: "c", lb_type: "LB_WEIGHTED_ROUNDROBIN", hosts: [{ address: bad.address, weight: 1000 }, { address: good.address, weight: 1 }] }],
    routers
  }))
  const post = (path: string, extra = "") => `POST ${path} HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n${extra}\r\nx`
  assert.equal(text((await timed(p.port(), get("/"))).res), "good GET")
  const refused = (await timed(p.port(), post("/"), "POST")).res
  assert.deepEqual([refused.status, getHeader(refused.headers, "x-mosaic-hijack")], [502, "upstream reset before the response"])
  assert.equal(text((await timed(p.port(), post("/", "Idempotency-Key: k1\r\n"), "POST")).res), "good POST")
  assert.equal(text((await timed(p.port(), post("/unsafe"), "POST")).res), "good POST")
  await p.close()
  await bad.close()
  await good.close()
})

test("circuit breaker max_retries: a retry needs a slot; without one the failure is answered", async () => {
  let n = 0
  const up = await startUpstream((_q, res) => {
    if (++n % 2 === 1) {
      res.statusCode = 503
      res.end("busy")
    } else setTimeout(() => res.end("ok"), 200)
  })
  const p = await runProxy(simpleConfig([up.address], {
    cluster: { circuit_breakers: [{ max_retries: 1 }] },
    routers: [{ match: { prefix: "/" }, route: { cluster_name: "c", retry_policy: { retry_on: true, num_retries: 3, status_codes: [503] } } }]
  }))
  const c1 = await connect(p.port())
  const c2 = await connect(p.port())
  const first = c1.send(get("/"))
  await sleep(50) // the first request's retry is in flight (slow), holding the only retry slot
  const [second] = await c2.send(get("/"))
  assert.deepEqual([second!.status, text(second!)], [503, "busy"])
  assert.deepEqual(((await first)[0]!).status, 200)
  c1.destroy()
  c2.destroy()
  await p.close()
  await up.close()
})
