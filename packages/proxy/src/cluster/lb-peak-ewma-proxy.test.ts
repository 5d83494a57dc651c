// Tests (real sockets): LB_PEAK_EWMA through the proxy: a slow upstream among fast ones gets clearly fewer requests.
import { test } from "node:test"
import assert from "node:assert/strict"
import { connect, get, runProxy, simpleConfig, startUpstream } from "../../test-support/harness.ts"

test("HTTP/1: 1 slow (40 ms) and 2 fast hosts, 6 clients x 40 requests: the slow host gets under 10%", async () => {
  const slow = await startUpstream((_q, res) => void setTimeout(() => res.end("slow"), 40))
  const fast = await Promise.all([0, 1].map(() => startUpstream()))
  const ups = [slow, ...fast]
  const p = await runProxy(simpleConfig(ups.map((u) => u.address), { cluster: { lb_type: "LB_PEAK_EWMA" } }))
  const clients = await Promise.all(Array.from({ length: 6 }, () => connect(p.port())))
  try {
    await Promise.all(clients.map(async (c) => {
      for (let i = 0; i < 40; i++) assert.equal((await c.send(get("/")))[0]!.status, 200)
    }))
    const total = ups.reduce((n, u) => n + u.requests, 0)
    assert.equal(total, 240)
    // round robin would give each host 80; the slow one is only tried while it has no latency sample
    assert.ok(slow.requests < total * 0.1, `slow host: ${slow.requests} of ${total}`)
    for (const f of fast) assert.ok(f.requests > total * 0.3, `fast host: ${f.requests} of ${total}`)
  } finally {
    for (const c of clients) c.destroy()
    await p.close()
    for (const u of ups) await u.close()
  }
})
