// Tests (real sockets): Bolt, Dubbo and TTHeader streams on the phase machine: request deadlines, mirroring, body changes, Stop/Terminate.
import { test } from "node:test"
import assert from "node:assert/strict"
import { runProxy } from "../../test-support/harness.ts"
import { filterPlugin, registryOf } from "../../test-support/streams.ts"
import { xCases } from "../../test-support/x-cases.ts"
import { sleep, xListenerConfig } from "../../test-support/x-peers.ts"
import { type StreamFilter, StreamFilterStatus as S } from "../stream/filter.ts"

const cluster = (name: string, addresses: ReadonlyArray<string>) =>
  ({ name, type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: addresses.map((address) => ({ address })) })

const all = { match: { headers: [] } }

for (const k of xCases) {
  test(`${k.name}: the request's own deadline caps the route timeout (and never extends it)`, async () => {
    const silent = await k.peer(() => undefined)
    const p = await runProxy(xListenerConfig(k.name, [
      { match: { headers: [{ name: "x-route", value: "short" }] }, route: { cluster_name: "c", timeout: "200ms" } },
      { ...all, route: { cluster_name: "c", timeout: "5s" } }
    ], [cluster("c", [silent.address])]))
    const c = await k.rpc(p.port())
    const timed = async (id: number, headers: Record<string, string>, timeoutMs: number) => {
      const t0 = Date.now()
      const f = await c.call(k.call(id, "x", headers, timeoutMs), id)
      return { status: k.status(f), ms: Date.now() - t0 }
    }
    try {
      const own = await timed(1, {}, 150)
      assert.equal(own.status, k.timeout)
      assert.ok(own.ms >= 140 && own.ms < 1000, `request deadline 150 ms: answered after ${own.ms} ms`)
      const route = await timed(2, { "x-route": "short" }, 10_000)
      assert.equal(route.status, k.timeout)
      assert.ok(route.ms >= 190 && route.ms < 1000, `route timeout 200 ms: answered after ${route.ms} ms`)
      assert.equal(p.proxy.stats().hijacks[504], 2)
    } finally {
      c.destroy()
      await p.close()
      await silent.close()
    }
  })

  test(`${k.name}: request_mirror_policies: the mirror host gets a copy, its answer (or silence) never touches the caller's`, async () => {
    const main = await k.echoPeer("main")
    const mirror = await k.peer(() => undefined) // never answers
    const p = await runProxy(xListenerConfig(k.name, [
      { ...all, route: { cluster_name: "c", timeout: "300ms", request_headers_to_add: [{ header: { key: "x-via", value: "proxy" } }] }, request_mirror_policies: { cluster: "m", percent: 100 } }
    ], [cluster("c", [main.address]), cluster("m", [mirror.address])]))
    const c = await k.rpc(p.port())
    try {
      const t0 = Date.now()
      for (let id = 1; id <= 3; id++) {
        const a = await c.call(k.call(id, `m${id}`), id)
        assert.deepEqual([k.status(a), k.text(a)], [k.ok, `main:m${id}`])
      }
      assert.ok(Date.now() - t0 < 250, "the silent mirror delays nothing")
      while (mirror.seen.length < 3) await sleep(5)
      assert.deepEqual(mirror.seen.map((f) => k.arg(f)), ["m1", "m2", "m3"])
      assert.deepEqual(mirror.seen.map((f) => k.requestHeader(f, "x-via")), ["proxy", "proxy", "proxy"]) // as sent to the main host
      await sleep(350) // the mirrors' route timeout passes: nothing reaches the caller
      assert.equal(c.stray.length, 0)
      assert.deepEqual(p.proxy.stats().hijacks, {})
    } finally {
      c.destroy()
      await p.close()
      await main.close()
      await mirror.close()
    }
  })

  test(`${k.name}: filters replace the request body (re-encoded upstream) and the response body; Stop + resume later; Terminate drops the request`, async () => {
    const up = await k.echoPeer("up")
    const f: StreamFilter = {
      afterChooseHost: (s) => {
        const mode = s.requestHeaders.get("x-mode")
        if (mode === "body") s.requestBody = k.callBody("changed")
        if (mode === "later") {
          setTimeout(() => s.resume(), 30)
          return S.Stop
        }
        if (mode === "drop") return S.Terminate
        return S.Continue
      },
      beforeSend: (s) => {
        if (s.requestHeaders.get("x-mode") === "rewrite") s.responseBody = k.replyBody("rewritten")
        return S.Continue
      }
    }
    const p = await runProxy(xListenerConfig(k.name, [{ ...all, route: { cluster_name: "c" } }], [cluster("c", [up.address])], [{ type: "t" }]), {
      registry: registryOf([filterPlugin("t", f)])
    })
    const c = await k.rpc(p.port())
    try {
      assert.equal(k.text(await c.call(k.call(1, "orig", { "x-mode": "body" }), 1)), "up:changed")
      assert.equal(k.text(await c.call(k.call(2, "orig", { "x-mode": "rewrite" }), 2)), "rewritten")
      const t0 = Date.now()
      assert.equal(k.text(await c.call(k.call(3, "slow", { "x-mode": "later" }), 3)), "up:slow")
      assert.ok(Date.now() - t0 >= 25)
      c.send(k.call(4, "dropped", { "x-mode": "drop" }))
      assert.equal(k.text(await c.call(k.call(5, "after"), 5)), "up:after")
      await sleep(20)
      assert.equal(c.stray.length, 0)
      assert.deepEqual(up.seen.map((x) => k.arg(x)), ["changed", "orig", "slow", "after"])
    } finally {
      c.destroy()
      await p.close()
      await up.close()
    }
  })
}
