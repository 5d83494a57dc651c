// Tests (real sockets): retries for Bolt, Dubbo and TTHeader: connect failure to another host, per-try timeout, a host killed under load.
import { test } from "node:test"
import assert from "node:assert/strict"
import { runProxy } from "../../test-support/harness.ts"
import { pool, refusedAddress } from "../../test-support/streams.ts"
import { xCases } from "../../test-support/x-cases.ts"
import { boltCall, boltEchoPeer, boltRpc, xListenerConfig } from "../../test-support/x-peers.ts"

const cluster = (name: string, addresses: ReadonlyArray<string>) =>
  ({ name, type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: addresses.map((address) => ({ address })) })

const all = { match: { headers: [] } }

for (const k of xCases) {
  test(`${k.name}: a connect failure is retried on another host (without a retry_policy, as MOSN)`, async () => {
    const up = await k.echoPeer("live")
    const dead = await refusedAddress()
    const p = await runProxy(xListenerConfig(k.name, [{ ...all, route: { cluster_name: "c" } }], [cluster("c", [dead, up.address])]))
    const c = await k.rpc(p.port())
    try {
      for (let id = 1; id <= 4; id++) {
        const a = await c.call(k.call(id, `n${id}`), id)
        assert.deepEqual([k.status(a), k.text(a)], [k.ok, `live:n${id}`])
      }
      assert.ok(p.proxy.stats().retries >= 1)
      assert.deepEqual(p.proxy.stats().hijacks, {})
    } finally {
      c.destroy()
      await p.close()
      await up.close()
    }
  })

  test(`${k.name}: per-try timeout: a silent host is given up after retry_timeout; resent elsewhere only with retry_non_idempotent`, async () => {
    const silent = await k.peer(() => undefined)
    const up = await k.echoPeer("live")
    const policy = { retry_on: true, retry_timeout: "80ms", num_retries: 2 }
    const p = await runProxy(xListenerConfig(k.name, [
      { match: { headers: [{ name: "x-mode", value: "resend" }] }, route: { cluster_name: "c", timeout: "3s", retry_policy: { ...policy, retry_non_idempotent: true } } },
      { ...all, route: { cluster_name: "c", timeout: "3s", retry_policy: policy } }
    ], [cluster("c", [silent.address, up.address])]))
    const c = await k.rpc(p.port())
    try {
      // round robin: of two requests in a row, one goes to the silent host first
      const t0 = Date.now()
      const [a, b] = await Promise.all([1, 2].map((id) => c.call(k.call(id, `r${id}`, { "x-mode": "resend" }), id)))
      assert.deepEqual([a, b].map((f) => [k.status(f!), k.text(f!)]), [[k.ok, "live:r1"], [k.ok, "live:r2"]])
      const took = Date.now() - t0
      assert.ok(took >= 70 && took < 1500, `answered after the per-try timeout (${took} ms)`)
      assert.equal(p.proxy.stats().retries, 1)
      // not idempotent and written: the per-try timeout is final (504 -> the protocol's timeout status)
      const [x, y] = await Promise.all([3, 4].map((id) => c.call(k.call(id, `r${id}`), id)))
      const statuses = [x, y].map((f) => k.status(f!)).sort((m, n) => m - n)
      assert.deepEqual(statuses, [k.ok, k.timeout].sort((m, n) => m - n))
      assert.equal(p.proxy.stats().hijacks[504], 1)
    } finally {
      c.destroy()
      await p.close()
      await silent.close()
      await up.close()
    }
  })
}

test("bolt fault: one of 3 hosts killed under 300 requests (20 at a time) with retry_non_idempotent: every request succeeds within its deadline + 50 ms", async () => {
  const hosts = await Promise.all(["a", "b", "c"].map((n) => boltEchoPeer(n, 2)))
  const TIMEOUT = 1000
  const p = await runProxy(xListenerConfig("bolt", [{
    ...all,
    route: { cluster_name: "c", timeout: `${TIMEOUT}ms`, retry_policy: { retry_on: true, num_retries: 3, retry_non_idempotent: true } }
  }], [cluster("c", hosts.map((h) => h.address))]))
  const clients = await Promise.all([0, 1, 2, 3].map(() => boltRpc(p.port())))
  try {
    let done = 0
    let killed = false
    const results = await pool(300, 20, async (i) => {
      if (done >= 100 && !killed) {
        killed = true
        void hosts[1]!.kill() // mid-run, with requests in flight on it
      }
      const t0 = performance.now()
      const f = await clients[i % 4]!.call(boltCall(i + 1, `m${i}`, {}, TIMEOUT), i + 1)
      done++
      return { status: f.status, ms: performance.now() - t0 }
    })
    const failed = results.filter((r) => r.status !== 0)
    assert.deepEqual(failed, [])
    const slowest = Math.max(...results.map((r) => r.ms))
    assert.ok(slowest <= TIMEOUT + 50, `slowest request took ${slowest.toFixed(1)} ms`)
    assert.ok(p.proxy.stats().retries >= 1, "some requests were retried")
    assert.ok(hosts[1]!.seen.length > 0 && hosts[0]!.seen.length > 100 && hosts[2]!.seen.length > 100)
  } finally {
    for (const c of clients) c.destroy()
    await p.close()
    await Promise.all(hosts.map((h) => h.close()))
  }
})
