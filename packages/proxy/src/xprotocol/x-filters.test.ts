// Tests (real sockets): Bolt, Dubbo and TTHeader on the phase machine: route header operations, custom stream filters, fault and rate_limit replies.
import { test } from "node:test"
import assert from "node:assert/strict"
import { encodeTHeader } from "@mosaic/protocol-ttheader"
import { runProxy } from "../../test-support/harness.ts"
import { filterPlugin, registryOf } from "../../test-support/streams.ts"
import { xCases } from "../../test-support/x-cases.ts"
import { kitexDecoder, rpcClient, thrift, thriftString, ttPayload, ttSeq, xListenerConfig, xPeer } from "../../test-support/x-peers.ts"
import { type StreamFilter, StreamFilterStatus as S } from "../stream/filter.ts"

const cluster = (name: string, addresses: ReadonlyArray<string>) =>
  ({ name, type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: addresses.map((address) => ({ address })) })

const hv = (key: string, value: string, append = false) => ({ header: { key, value }, append })

for (const k of xCases) {
  test(`${k.name}: route request header operations reach the upstream (re-encoded), response ones the caller; an unchanged request goes as its raw bytes`, async () => {
    const up = await k.peer((f) => k.reply(f, `got ${k.arg(f)}`, { "x-up": "1" }))
    const p = await runProxy(xListenerConfig(k.name, [
      {
        match: { headers: [{ name: "x-ops", value: "1" }] },
        route: {
          cluster_name: "c",
          request_headers_to_add: [hv("x-added", "yes"), hv("x-keep", "replaced")],
          request_headers_to_remove: ["x-drop"],
          response_headers_to_add: [hv("x-resp", "r")],
          response_headers_to_remove: ["x-up"]
        }
      },
      { match: { headers: [] }, route: { cluster_name: "c" } }
    ], [cluster("c", [up.address])]))
    const c = await k.rpc(p.port())
    try {
      const a = await c.call(k.call(1, "one", { "x-ops": "1", "x-drop": "gone", "x-keep": "old", "x-other": "o" }), 1)
      assert.deepEqual([k.status(a), k.text(a)], [k.ok, "got one"])
      assert.equal(k.responseHeader(a, "x-resp"), "r")
      assert.equal(k.responseHeader(a, "x-up"), undefined)
      const f = up.seen[0]
      assert.deepEqual(["x-added", "x-keep", "x-drop", "x-other"].map((n) => k.requestHeader(f, n)), ["yes", "replaced", undefined, "o"])
      assert.equal(k.arg(f), "one")

      // no operations: forwarded as received (only the id differs), the answer as the upstream sent it
      const sent = k.call(2, "two", { "x-other": "o" })
      const b = await c.call(sent.slice(), 2)
      assert.deepEqual([k.text(b), k.responseHeader(b, "x-up")], ["got two", "1"])
      assert.equal(up.raws[1]!.length, sent.length)
    } finally {
      c.destroy()
      await p.close()
      await up.close()
    }
  })

  test(`${k.name}: a stream filter reads and changes request headers at before_route (routing sees them) and the reply at before_send`, async () => {
    const a = await k.echoPeer("a")
    const b = await k.echoPeer("b")
    const seen: Array<unknown> = []
    const f: StreamFilter = {
      beforeRoute: (s) => {
        seen.push(s.protocol, s.method, s.path, s.requestHeaders.get("X-In"))
        if (s.requestHeaders.get("x-in") === "to-b") s.requestHeaders.set("x-route", "b")
        s.requestHeaders.del("x-secret")
        return S.Continue
      },
      afterRoute: (s) => (seen.push(s.route?.action.clusterName), S.Continue),
      beforeSend: (s) => {
        s.responseHeaders.set("x-status", String(s.responseStatus))
        seen.push(s.responseHeaders.get("x-status"))
        return S.Continue
      }
    }
    const p = await runProxy(
      xListenerConfig(k.name, [
        { match: { headers: [{ name: "x-route", value: "b" }] }, route: { cluster_name: "b" } },
        { match: { headers: [] }, route: { cluster_name: "a" } }
      ], [cluster("a", [a.address]), cluster("b", [b.address])], [{ type: "t" }]),
      { registry: registryOf([filterPlugin("t", f)]) }
    )
    const c = await k.rpc(p.port())
    try {
      const r1 = await c.call(k.call(1, "x", { "x-in": "to-b", "x-secret": "s" }), 1)
      assert.deepEqual([k.text(r1), k.responseHeader(r1, "x-status")], ["b:x", String(k.ok)])
      assert.deepEqual([k.requestHeader(b.seen[0], "x-route"), k.requestHeader(b.seen[0], "x-secret")], ["b", undefined])
      const r2 = await c.call(k.call(2, "y", { "x-in": "stay" }), 2)
      assert.equal(k.text(r2), "a:y")
      assert.deepEqual(seen.slice(0, 6), [k.name, "echo", "", "to-b", "b", String(k.ok)])
      assert.deepEqual(seen.slice(6), [k.name, "echo", "", "stay", "a", String(k.ok)])
    } finally {
      c.destroy()
      await p.close()
      await a.close()
      await b.close()
    }
  })

  test(`${k.name}: fault abort and rate_limit answer with the protocol's own error and overload codes`, async () => {
    const up = await k.echoPeer("a")
    const p = await runProxy(xListenerConfig(k.name, [{ match: { headers: [] }, route: { cluster_name: "c" } }], [cluster("c", [up.address])], [
      { type: "fault", config: { abort: { status: 503, percentage: 100 }, headers: [{ name: "x-fault", value: "503" }] } },
      { type: "fault", config: { abort: { status: 404, percentage: 100 }, headers: [{ name: "x-fault", value: "404" }] } },
      { type: "rate_limit", config: { rate: 1, burst: 2, key_header: "x-client" } }
    ]))
    const c = await k.rpc(p.port())
    try {
      const busy = await c.call(k.call(1, "a", { "x-fault": "503", "x-client": "f" }), 1)
      assert.equal(k.status(busy), k.overload)
      assert.match(k.text(busy), /fault injected/)
      const gone = await c.call(k.call(2, "a", { "x-fault": "404", "x-client": "f" }), 2)
      assert.equal(k.status(gone), k.name === "bolt" ? 6 : k.name === "dubbo" ? 60 : 1) // NO_PROCESSOR / SERVICE_NOT_FOUND / exception
      // two requests per client pass, the third is limited
      const got = []
      for (let id = 3; id <= 5; id++) got.push(await c.call(k.call(id, `r${id}`, { "x-client": "r" }), id))
      assert.deepEqual(got.map((f) => k.status(f)), [k.ok, k.ok, k.overload])
      assert.match(k.text(got[2]), /rate limited/)
      if (k.name !== "dubbo") assert.equal(k.responseHeader(got[2], "Retry-After"), "1") // Dubbo error replies carry no attachments
      assert.equal(up.seen.length, 2)
      assert.deepEqual(p.proxy.stats().hijacks, { 503: 1, 404: 1, 429: 1 })
    } finally {
      c.destroy()
      await p.close()
      await up.close()
    }
  })
}

test("ttheader listener: Apache THeader headers are re-encoded (route operation, filter); plain framed Thrift has none (a filter's change is logged, the request forwarded as it is)", async () => {
  const framed = (m: Uint8Array) => new Uint8Array([m.length >>> 24, m.length >>> 16 & 0xff, m.length >>> 8 & 0xff, m.length & 0xff, ...m])
  const message = (f: { kind: string }) => (f.kind === "framed" ? ttPayload(f as never).subarray(4) : ttPayload(f as never))
  const up = await xPeer(kitexDecoder, (f) => {
    const seq = ttSeq(f)
    const answer = thrift(2, "echo", seq, 0, `${f.kind}:${thriftString(message(f))}`)
    return f.kind === "theader" ? encodeTHeader({ seqId: seq, headers: { back: "1" }, payload: answer }) : framed(answer)
  })
  const logs: Array<string> = []
  const filter: StreamFilter = { beforeRoute: (s) => (s.requestHeaders.set("x-filter", "f"), S.Continue) }
  const p = await runProxy(xListenerConfig("ttheader", [
    { match: { headers: [] }, route: { cluster_name: "c", request_headers_to_add: [hv("x-added", "yes")], response_headers_to_add: [hv("x-resp", "r")] } }
  ], [cluster("c", [up.address])], [{ type: "t" }]), { log: (m) => logs.push(m), registry: registryOf([filterPlugin("t", filter)]) })
  const c = await rpcClient(p.port(), kitexDecoder(), ttSeq)
  try {
    const a = await c.call(encodeTHeader({ seqId: 0, headers: { keep: "k" }, payload: thrift(1, "echo", 5, 1, "th") }), 5)
    assert.equal(thriftString(message(a)), "theader:th")
    assert.deepEqual(a.kind === "theader" ? [...a.frame.headers] : [], [["back", "1"], ["x-resp", "r"]])
    const f = up.seen[0]!
    assert.deepEqual(f.kind === "theader" ? [...f.frame.headers] : [], [["keep", "k"], ["x-filter", "f"], ["x-added", "yes"]])
    const sent = framed(thrift(1, "echo", 6, 1, "fr"))
    const b = await c.call(sent, 6)
    assert.deepEqual([b.kind, thriftString(message(b))], ["framed", "framed:fr"])
    assert.equal(up.raws[1]!.length, sent.length)
    assert.ok(logs.some((m) => /framed request has no headers: the change of "x-filter" is ignored/.test(m)), logs.join("\n"))
  } finally {
    c.destroy()
    await p.close()
    await up.close()
  }
})
