// Tests (real sockets): a filter's onDestroy runs once per request on HTTP/1 and Bolt whatever ends it; filters change the HTTP/1 path.
import { test } from "node:test"
import assert from "node:assert/strict"
import { connect, get, runProxy, sleep, startUpstream, text } from "../../test-support/harness.ts"
import { filterConfig, filterPlugin, registryOf } from "../../test-support/streams.ts"
import { boltCall, boltEchoPeer, boltRpc, xListenerConfig } from "../../test-support/x-peers.ts"
import { type StreamFilter, StreamFilterStatus as S } from "./filter.ts"

const counting = (destroyed: Array<string>, id: (s: Parameters<NonNullable<StreamFilter["beforeRoute"]>>[0]) => string | undefined): StreamFilter => ({
  beforeRoute: (s) => {
    s.setVariable("id", id(s))
    const mode = s.requestHeaders.get("x-mode")
    if (mode === "hijack") {
      s.sendHijack(403, "no")
      return S.Stop
    }
    if (mode === "reset") return S.Terminate
    if (mode === "throw") throw new Error("boom")
    return S.Continue
  },
  onDestroy: (s) => void destroyed.push(String(s.getVariable("id")))
})

test("onDestroy: once per HTTP/1 request: answered, hijacked, a filter's throw, reset, the caller gone mid-request; a throwing onDestroy is logged", async () => {
  const up = await startUpstream((req, res) => {
    if (req.url === "/slow") setTimeout(() => res.end("late"), 200)
    else res.end("ok")
  })
  const destroyed: Array<string> = []
  const logs: Array<string> = []
  const bad: StreamFilter = { onDestroy: () => { throw new Error("cleanup failed") } }
  const p = await runProxy(filterConfig({ c: [up.address] }, [{ match: { prefix: "/" }, route: { cluster_name: "c" } }], [{ type: "t" }, { type: "bad" }]), {
    registry: registryOf([filterPlugin("t", counting(destroyed, (s) => s.requestHeaders.get("x-id"))), filterPlugin("bad", bad)]),
    log: (m) => logs.push(m)
  })
  const c = await connect(p.port())
  assert.equal(text((await c.send(get("/", { "x-id": "1" })))[0]!), "ok")
  assert.equal((await c.send(get("/", { "x-id": "2", "x-mode": "hijack" })))[0]!.status, 403)
  assert.equal((await c.send(get("/", { "x-id": "3", "x-mode": "throw" })))[0]!.status, 500)
  await assert.rejects(c.send(get("/", { "x-id": "4", "x-mode": "reset" })))
  c.destroy()
  const gone = await connect(p.port())
  void gone.send(get("/slow", { "x-id": "5" })).catch(() => {})
  await sleep(50)
  gone.destroy()
  await sleep(50)
  assert.deepEqual(destroyed, ["1", "2", "3", "4", "5"])
  assert.equal(logs.filter((m) => /onDestroy: cleanup failed/.test(m)).length, 5)
  await p.close()
  await up.close()
})

test("onDestroy: once per Bolt request, answered or abandoned with the connection; an RPC request's path stays \"\"", async () => {
  const up = await boltEchoPeer("up", 100)
  const destroyed: Array<string> = []
  const logs: Array<string> = []
  const pathy: StreamFilter = { afterRoute: (s) => ((s.path = "/x"), assert.equal(s.path, ""), S.Continue) }
  const p = await runProxy(xListenerConfig("bolt", [{ match: { headers: [] }, route: { cluster_name: "c" } }], [{ name: "c", hosts: [{ address: up.address }] }], [{ type: "t" }, { type: "p" }]), {
    registry: registryOf([filterPlugin("t", counting(destroyed, (s) => s.requestHeaders.get("x-id"))), filterPlugin("p", pathy)]),
    log: (m) => logs.push(m)
  })
  const c = await boltRpc(p.port())
  assert.equal((await c.call(boltCall(1, "a", { "x-id": "1" }), 1)).status, 0)
  assert.equal((await c.call(boltCall(2, "a", { "x-id": "2", "x-mode": "hijack" }), 2)).status, 0x0002 /* SERVER_EXCEPTION for 403 */)
  void c.call(boltCall(3, "a", { "x-id": "3" }), 3).catch(() => {})
  await sleep(30)
  c.destroy()
  await sleep(30)
  assert.deepEqual(destroyed, ["1", "2", "3"])
  assert.ok(logs.length >= 2 && logs.every((m) => /bolt: an RPC request has no path/.test(m)), logs.join("\n"))
  await p.close()
  await up.close()
})

test("HTTP/1 path: a filter's new path is routed on (re-entry) and sent upstream, the query kept", async () => {
  const seen: Array<string> = []
  const a = await startUpstream((req, res) => (seen.push(`a ${req.url}`), res.end("a")))
  const b = await startUpstream((req, res) => (seen.push(`b ${req.url}`), res.end("b")))
  const f: StreamFilter = {
    beforeRoute: (s) => {
      if (s.path === "/old") s.path = "/b/new"
      return S.Continue
    },
    afterRoute: (s) => {
      if (s.path === "/again") {
        s.path = "/b/moved"
        return S.RetryMatchRoute
      }
      return S.Continue
    }
  }
  const p = await runProxy(filterConfig({ a: [a.address], b: [b.address] }, [
    { match: { prefix: "/b/" }, route: { cluster_name: "b" } },
    { match: { prefix: "/" }, route: { cluster_name: "a", prefix_rewrite: "/" } }
  ], [{ type: "t" }]), { registry: registryOf([filterPlugin("t", f)]) })
  const c = await connect(p.port())
  assert.equal(text((await c.send(get("/old?q=1")))[0]!), "b")
  assert.equal(text((await c.send(get("/again?x=2")))[0]!), "b")
  assert.equal(text((await c.send(get("/plain")))[0]!), "a")
  assert.deepEqual(seen, ["b /b/new?q=1", "b /b/moved?x=2", "a /plain"])
  c.destroy()
  await p.close()
  await a.close()
  await b.close()
})
