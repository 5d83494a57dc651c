// Tests: an Auto listener's pipeline `on_message` per decoded request: the meta handler (config `meta`), app handlers seeing and refusing requests.
import { test } from "node:test"
import assert from "node:assert/strict"
import type { IncomingHttpHeaders } from "node:http"
import { connect, get, runProxy, startUpstream } from "../../test-support/harness.ts"
import { xCases } from "../../test-support/x-cases.ts"
import type { InboundHandler } from "@mosaic/detect"
import type { AutoContext, AutoMessage } from "./auto-accept.ts"

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
const TRACEPARENT = `00-${TRACE}-00f067aa0ba902b7-01`
const bolt = xCases.find((c) => c.name === "bolt")!

const autoConfig = (http: string, boltUp: string, extra: object) => ({
  listeners: [{
    name: "auto",
    address: "127.0.0.1:0",
    bind_port: true,
    filter_chains: [{
      filters: [{ type: "proxy", config: { downstream_protocol: "Auto", router_config_name: "r", detect: { protocols: ["http1", "bolt"] }, ...extra } }]
    }]
  }],
  routers: [{
    router_config_name: "r",
    virtual_hosts: [{
      name: "vh", domains: ["*"], routers: [
        { match: { headers: [{ name: "service", value: ".+", regex: true }] }, route: { cluster_name: "bolt", timeout: "3s" } },
        { match: { prefix: "/" }, route: { cluster_name: "http", timeout: "3s" } }
      ]
    }]
  }],
  cluster_manager: {
    clusters: [
      { name: "http", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: http }] },
      { name: "bolt", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: boltUp }] }
    ]
  }
})

test("meta handler at the head of the Auto pipeline: HTTP/1 gets a generated traceparent, a Bolt call with only traceparent gets the SOFA keys", async () => {
  let seen: IncomingHttpHeaders = {}
  const web = await startUpstream((req, res) => {
    seen = req.headers
    res.end("ok")
  })
  const up = await bolt.echoPeer("up")
  const p = await runProxy(autoConfig(web.address, up.address, { meta: { generate_trace: true } }), { log: () => {} })
  try {
    const c = await connect(p.port())
    const [r] = await c.send(get("/"))
    assert.equal(r!.status, 200)
    assert.match(String(seen.traceparent), /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/)
    c.destroy()

    const rpc = await bolt.rpc(p.port())
    const a = await rpc.call(bolt.call(1, "x", { traceparent: TRACEPARENT }), 1)
    assert.deepEqual([bolt.status(a), bolt.text(a)], [0, "up:x"])
    assert.equal(bolt.requestHeader(up.seen[0], "rpc_trace_context.sofaTraceId"), TRACE)
    assert.equal(bolt.requestHeader(up.seen[0], "traceparent"), TRACEPARENT)
    rpc.destroy()
  } finally {
    await p.close()
    await up.close()
    await web.close()
  }
})

test("an app's on_message handler sees each decoded request (protocol, headers) and refuses one: the protocol's own error, the connection stays", async () => {
  const web = await startUpstream((_q, res) => res.end("ok"))
  const up = await bolt.echoPeer("up")
  const seen: Array<string> = []
  const handler: InboundHandler<AutoContext, AutoMessage> = {
    onMessage: (c, m) => {
      if (m === undefined) return undefined
      seen.push(`${c.protocol}:${m.protocol}:${m.requestHeaders.get("x-tenant") ?? "-"}`)
      return m.requestHeaders.get("x-tenant") === "blocked" ? new Error("tenant blocked") : undefined
    }
  }
  const p = await runProxy(autoConfig(web.address, up.address, {}), { log: () => {}, pipeline: { inbound: [handler] } })
  try {
    const rpc = await bolt.rpc(p.port())
    const ok = await rpc.call(bolt.call(1, "a", { "x-tenant": "t1" }), 1)
    const no = await rpc.call(bolt.call(2, "b", { "x-tenant": "blocked" }), 2)
    const again = await rpc.call(bolt.call(3, "c"), 3)
    assert.deepEqual([bolt.status(ok), bolt.status(again)], [0, 0])
    assert.notEqual(bolt.status(no), 0)
    assert.match(bolt.text(no), /tenant blocked/)
    assert.equal(up.seen.length, 2, "the refused request never reaches the upstream")
    rpc.destroy()

    const c = await connect(p.port())
    const [r1, r2] = await c.send(get("/", { "x-tenant": "blocked" }) + get("/", { "x-tenant": "t2" }), 2)
    assert.deepEqual([r1!.status, r2!.status], [503, 200])
    c.destroy()
    assert.deepEqual(seen, ["bolt:bolt:t1", "bolt:bolt:blocked", "bolt:bolt:-", "http1:Http1:blocked", "http1:Http1:t2"])
  } finally {
    await p.close()
    await up.close()
    await web.close()
  }
})
