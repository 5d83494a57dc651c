// Tests (real sockets, HTTP/1): the phase machine's transition rules for filter statuses, direct responses and re-entry.
import { test } from "node:test"
import assert from "node:assert/strict"
import { getHeader } from "@mosaic/protocol-http1"
import { connect, get, runProxy, sleep, startUpstream, text } from "../../test-support/harness.ts"
import { filterConfig, filterPlugin, registryOf } from "../../test-support/streams.ts"
import { type StreamFilter, type StreamFilterHandler, StreamFilterStatus as S } from "./filter.ts"

const trace = (log: Array<string>, s: StreamFilterHandler) => log.push(`${s.stage}@${s.phase}`)

test("a plain request walks the stages in MOSN's order; filters read route, cluster and host", async () => {
  const up = await startUpstream((req, res) => res.end(`${req.headers["x-a"]}|${req.headers["x-b"]}`))
  const log: Array<string> = []
  const seen: Array<unknown> = []
  const f: StreamFilter = {
    beforeRoute: (s) => (trace(log, s), seen.push(s.route, s.clusterName), s.requestHeaders.set("x-a", "1"), S.Continue),
    afterRoute: (s) => (trace(log, s), seen.push(s.route !== undefined), S.Continue),
    afterChooseHost: (s) => (trace(log, s), seen.push(s.clusterName, s.upstreamHost?.address), s.requestHeaders.add("x-b", "2"), S.Continue),
    beforeSend: (s) => (trace(log, s), seen.push(s.responseStatus), s.responseHeaders.set("x-seen", "yes"), S.Continue)
  }
  const p = await runProxy(filterConfig({ c: [up.address] }, [{ match: { prefix: "/" }, route: { cluster_name: "c" } }], [{ type: "t" }]), {
    registry: registryOf([filterPlugin("t", f)])
  })
  const c = await connect(p.port())
  const [r] = await c.send(get("/"))
  assert.deepEqual([r!.status, text(r!), getHeader(r!.headers, "x-seen")], [200, "1|2", "yes"])
  assert.deepEqual(log, ["before_route@DownFilter", "after_route@DownFilterAfterRoute", "after_choose_host@DownFilterAfterChooseHost", "before_send@UpFilter"])
  assert.deepEqual(seen, [undefined, undefined, true, "c", up.address, 200])
  c.destroy()
  await p.close()
  await up.close()
})

test("Stop + a reply (sync or later) skips routing and upstream; before_send still runs; Stop + resume() goes on", async () => {
  const up = await startUpstream((_q, res) => res.end("upstream"))
  const log: Array<string> = []
  const f: StreamFilter = {
    beforeRoute: (s) => {
      const mode = s.requestHeaders.get("x-mode")
      if (mode === "direct") {
        s.sendDirectResponse(202, { "x-direct": "1" }, "from filter")
        return S.Continue // a reply wins whatever the status
      }
      if (mode === "later") {
        setTimeout(() => s.sendHijack(403, "denied later"), 20)
        return S.Stop
      }
      if (mode === "resume") {
        setTimeout(() => s.resume(), 20)
        return S.Stop
      }
      if (mode === "sync-resume") {
        s.resume()
        return S.Stop
      }
      return S.Continue
    },
    afterRoute: (s) => (trace(log, s), S.Continue),
    beforeSend: (s) => (s.responseHeaders.set("x-sent", String(s.responseStatus)), S.Continue)
  }
  const p = await runProxy(filterConfig({ c: [up.address] }, [{ match: { prefix: "/" }, route: { cluster_name: "c" } }], [{ type: "t" }]), {
    registry: registryOf([filterPlugin("t", f)])
  })
  const c = await connect(p.port())
  const [d] = await c.send(get("/", { "x-mode": "direct" }))
  assert.deepEqual([d!.status, text(d!), getHeader(d!.headers, "x-direct"), getHeader(d!.headers, "x-sent")], [202, "from filter", "1", "202"])
  const [l] = await c.send(get("/", { "x-mode": "later" }))
  assert.deepEqual([l!.status, getHeader(l!.headers, "x-mosaic-hijack"), getHeader(l!.headers, "x-sent")], [403, "denied later", "403"])
  assert.deepEqual(log, [])
  assert.equal(up.requests, 0)
  for (const mode of ["resume", "sync-resume"]) {
    const [r] = await c.send(get("/", { "x-mode": mode }))
    assert.deepEqual([r!.status, text(r!)], [200, "upstream"])
  }
  assert.equal(log.length, 2)
  assert.equal(p.proxy.stats().hijacks[403], 1)
  c.destroy()
  await p.close()
  await up.close()
})

test("Terminate: without a reply the connection ends after the replies owed; with one, that reply and no before_send", async () => {
  const up = await startUpstream((_q, res) => res.end("ok"))
  let sends = 0
  const f: StreamFilter = {
    afterRoute: (s) => {
      const mode = s.requestHeaders.get("x-mode")
      if (mode === "reset") return S.Terminate
      if (mode === "reply") {
        s.sendHijack(451, "terminated")
        return S.Terminate
      }
      return S.Continue
    },
    beforeSend: () => (sends++, S.Continue)
  }
  const p = await runProxy(filterConfig({ c: [up.address] }, [{ match: { prefix: "/" }, route: { cluster_name: "c" } }], [{ type: "t" }]), {
    registry: registryOf([filterPlugin("t", f)])
  })
  const c = await connect(p.port())
  const [r] = await c.send(get("/", { "x-mode": "reply" }))
  assert.deepEqual([r!.status, getHeader(r!.headers, "x-mosaic-hijack"), sends], [451, "terminated", 0])
  // pipelined: the first is answered, the terminated one gets nothing and the connection closes
  await assert.rejects(c.send(get("/") + get("/", { "x-mode": "reset" }), 2), /closed after 1 responses/)
  await c.closed
  assert.equal(up.requests, 1)
  c.destroy()
  await p.close()
  await up.close()
})

test("Retry Match Route at after_route: the filter changes the request, routing runs again, the filter runs again", async () => {
  const a = await startUpstream((_q, res) => res.end("a"))
  const b = await startUpstream((_q, res) => res.end("b"))
  const log: Array<string> = []
  const f: StreamFilter = {
    afterRoute: (s) => {
      log.push(`${s.route === undefined ? "none" : s.route.action.clusterName}`)
      if (s.requestHeaders.get("x-canary") === "1" && s.route?.action.clusterName !== "b") {
        s.requestHeaders.set("x-to", "b")
        return S.RetryMatchRoute
      }
      return S.Continue
    }
  }
  const routers = [
    { match: { prefix: "/", headers: [{ name: "x-to", value: "b" }] }, route: { cluster_name: "b" } },
    { match: { prefix: "/known" }, route: { cluster_name: "a" } }
  ]
  const p = await runProxy(filterConfig({ a: [a.address], b: [b.address] }, routers, [{ type: "t" }]), { registry: registryOf([filterPlugin("t", f)]) })
  const c = await connect(p.port())
  assert.equal(text((await c.send(get("/known")))[0]!), "a")
  assert.equal(text((await c.send(get("/known", { "x-canary": "1" })))[0]!), "b")
  // no route at first: after_route still runs (route undefined) and can make one match
  assert.equal(text((await c.send(get("/other", { "x-canary": "1" })))[0]!), "b")
  const [none] = await c.send(get("/other"))
  assert.equal(none!.status, 404)
  assert.deepEqual(log, ["a", "a", "b", "none", "b", "none"])
  c.destroy()
  await p.close()
  await a.close()
  await b.close()
})

test("Retry Choose Host at after_choose_host picks again; a Retry status at the wrong stage is logged and ends that stage", async () => {
  const a = await startUpstream((_q, res) => res.end("a"))
  const b = await startUpstream((_q, res) => res.end("b"))
  const logged: Array<string> = []
  let later = 0
  const f: StreamFilter = {
    beforeRoute: (s) => (s.requestHeaders.get("x-bad") === "1" ? S.RetryChooseHost : S.Continue),
    afterChooseHost: (s) => (s.upstreamHost?.address === a.address ? S.RetryChooseHost : S.Continue)
  }
  const g: StreamFilter = { beforeRoute: () => (later++, S.Continue) }
  const p = await runProxy(
    filterConfig({ c: [a.address, b.address] }, [{ match: { prefix: "/" }, route: { cluster_name: "c" } }], [{ type: "t" }, { type: "g" }]),
    { registry: registryOf([filterPlugin("t", f), filterPlugin("g", g)]), log: (m) => logged.push(m) }
  )
  const c = await connect(p.port())
  for (let i = 0; i < 6; i++) assert.equal(text((await c.send(get("/")))[0]!), "b")
  assert.equal(later, 6)
  assert.equal(text((await c.send(get("/", { "x-bad": "1" })))[0]!), "b")
  assert.equal(later, 6, "the rest of before_route was skipped")
  assert.equal(logged.length, 1)
  assert.match(logged[0]!, /Retry Choose Host.*before_route/)
  c.destroy()
  await p.close()
  await a.close()
  await b.close()
})

test("re-entry is bounded (500 after 10); a throwing filter or an unencodable header gives 500; the connection lives on", async () => {
  const up = await startUpstream((_q, res) => res.end("ok"))
  const f: StreamFilter = {
    afterRoute: (s) => (s.requestHeaders.get("x-loop") === "1" ? S.RetryMatchRoute : S.Continue),
    afterChooseHost: (s) => {
      if (s.requestHeaders.get("x-throw") === "1") throw new Error("boom")
      return S.Continue
    },
    beforeSend: (s) => {
      if (s.requestHeaders.get("x-bad-header") === "1") s.responseHeaders.set("x-bad", "a\r\nb")
      return S.Continue
    }
  }
  const p = await runProxy(filterConfig({ c: [up.address] }, [{ match: { prefix: "/" }, route: { cluster_name: "c" } }], [{ type: "t" }]), {
    registry: registryOf([filterPlugin("t", f)]),
    log: () => {}
  })
  const c = await connect(p.port())
  const [loop] = await c.send(get("/", { "x-loop": "1" }))
  assert.deepEqual([loop!.status, getHeader(loop!.headers, "x-mosaic-hijack")], [500, "stream filter re-entry limit"])
  const [thrown] = await c.send(get("/", { "x-throw": "1" }))
  assert.deepEqual([thrown!.status, getHeader(thrown!.headers, "x-mosaic-hijack")], [500, "internal error"])
  const [bad] = await c.send(get("/", { "x-bad-header": "1" }))
  assert.equal(bad!.status, 500)
  assert.equal((await c.send(get("/")))[0]!.status, 200)
  assert.equal(up.requests, 2)
  c.destroy()
  await p.close()
  await up.close()
})

test("route direct_response goes to UpFilter: after_choose_host is skipped, before_send runs; bodies can be changed both ways", async () => {
  let got = ""
  const up = await startUpstream((_q, res, body) => {
    got = body
    res.end("upstream-body")
  })
  const stages: Array<string> = []
  const f: StreamFilter = {
    afterChooseHost: (s) => {
      stages.push(s.stage)
      s.requestBody = new TextEncoder().encode(new TextDecoder().decode(s.requestBody).toUpperCase())
      return S.Continue
    },
    beforeSend: (s) => {
      stages.push(`${s.stage}:${s.responseStatus}`)
      if (s.responseStatus === 200) {
        s.responseBody = new TextEncoder().encode("changed")
        s.responseStatus = 201
      }
      return S.Continue
    }
  }
  const routers = [
    { match: { prefix: "/direct" }, direct_response: { status: 418, body: "teapot" } },
    { match: { prefix: "/" }, route: { cluster_name: "c" } }
  ]
  const p = await runProxy(filterConfig({ c: [up.address] }, routers, [{ type: "t" }]), { registry: registryOf([filterPlugin("t", f)]) })
  const c = await connect(p.port())
  const [d] = await c.send(get("/direct"))
  assert.deepEqual([d!.status, text(d!)], [418, "teapot"])
  const [r] = await c.send("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello", 1, ["POST"])
  assert.deepEqual([r!.status, text(r!), getHeader(r!.headers, "content-length"), got], [201, "changed", "7", "HELLO"])
  assert.deepEqual(stages, ["before_send:418", "after_choose_host", "before_send:200"])
  c.destroy()
  await p.close()
  await up.close()
})

test("the route timeout covers a filter that stopped at after_choose_host and never answers: 504 on time", async () => {
  const up = await startUpstream()
  const f: StreamFilter = { afterChooseHost: () => S.Stop }
  const p = await runProxy(
    filterConfig({ c: [up.address] }, [{ match: { prefix: "/" }, route: { cluster_name: "c", timeout: "150ms" } }], [{ type: "t" }]),
    { registry: registryOf([filterPlugin("t", f)]) }
  )
  const c = await connect(p.port())
  const t0 = Date.now()
  const [r] = await c.send(get("/"))
  const took = Date.now() - t0
  assert.equal(r!.status, 504)
  assert.ok(took >= 145 && took < 200 + 50, `504 after ${took} ms`)
  await sleep(10)
  assert.equal(up.requests, 0)
  c.destroy()
  await p.close()
  await up.close()
})
