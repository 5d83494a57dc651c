// Tests (real sockets): the Dubbo proxy: routing keys from the body, exact u64 ids, heartbeats, oneway, hijack statuses, bad frames.
import { test } from "node:test"
import assert from "node:assert/strict"
import { DubboProtocol, DubboStatus, encodeHeartbeat, readRequestIdBig, writeRequestIdBig } from "@mosaic/protocol-dubbo"
import { decode, decodeDubboResponseBody } from "@mosaic/hessian2"
import { createDubboServer, type DubboService, type RpcServerHandle } from "@mosaic/rpc-server"
import { runProxy, sleep } from "../../test-support/harness.ts"
import { cluster, deadPort, dubboClient, dubboRequest, rawOf, route, xConfig } from "../../test-support/xprotocol.ts"

const ECHO = "com.example.EchoService"
const value = (f: { body: Uint8Array }) => decodeDubboResponseBody(f.body).value
const message = (f: { body: Uint8Array }) => decode(f.body) as string

/** A Dubbo server for ECHO (`who` answers `name`, echo, hang), optionally bound to a version or group. */
const named = (name: string, service: Partial<DubboService> = {}): Promise<RpcServerHandle> =>
  createDubboServer({
    services: {
      [ECHO]: {
        ...service,
        methods: { who: async () => name, echo: async (s: string) => s, hang: () => new Promise(() => {}), ...service.methods }
      }
    }
  })

test("dubbo: routes on service (path or interface attachment), method, version and group", async () => {
  const servers = await Promise.all([
    named("group", { group: "blue" }), named("v2", { version: "2.0.0" }), named("method"), named("service"), named("any")
  ])
  const [g, v2, m, s, any] = servers.map((x) => x.address)
  const config = xConfig({ downstream: "dubbo" }, [
    route("g", { group: "blue" }),
    route("v2", { service: ECHO, version: "2.0.0" }),
    route("m", { service: ECHO, method: "who" }),
    route("s", { service: ECHO }),
    route("any", { path: "com.example.Alias" })
  ], [cluster("g", [g!]), cluster("v2", [v2!]), cluster("m", [m!]), cluster("s", [s!]), cluster("any", [any!])])
  const p = await runProxy(config)
  const c = await dubboClient(p.port())
  try {
    const ask = async (id: number, call: Parameters<typeof dubboRequest>[1]) => {
      c.send(dubboRequest(id, call))
      const [f] = await c.next()
      assert.equal(f!.requestId, id)
      assert.equal(f!.status, DubboStatus.OK, f!.status === DubboStatus.OK ? "" : message(f!))
      return value(f!)
    }
    assert.equal(await ask(1, { method: "who", args: [] }), "method")
    assert.equal(await ask(2, { method: "echo", args: ["plain"] }), "plain")
    assert.equal(await ask(3, { method: "who", args: [], version: "2.0.0" }), "v2")
    assert.equal(await ask(4, { method: "who", args: [], attachments: { interface: ECHO, group: "blue" } }), "group")
    // service = the interface attachment when present; the path when not
    assert.equal(await ask(5, { path: "com.example.Alias", method: "who", args: [], attachments: { interface: ECHO } }), "method")
    assert.equal(await ask(6, { method: "who", args: [], attachments: {} }), "method")
    assert.deepEqual(servers.map((x) => x.connections()), [1, 1, 1, 1, 0])
    // the routing view of the alias request without interface: path "com.example.Alias" -> "any" (ECHO unknown there)
    c.send(dubboRequest(7, { path: "com.example.Alias", method: "who", args: [], attachments: {} }))
    const [alias] = await c.next()
    assert.equal(alias!.status, DubboStatus.SERVICE_NOT_FOUND)
    assert.equal(servers[4]!.connections(), 1)
  } finally {
    c.destroy()
    await p.close()
    await Promise.all(servers.map((x) => x.close()))
  }
})

test("dubbo: u64 request ids come back exactly; heartbeats are answered by the proxy; oneway is never answered", async () => {
  const seen: Array<string> = []
  const server = await named("a", { methods: { note: async (s: string) => void seen.push(s) } })
  const p = await runProxy(xConfig({ downstream: "X", sub: "dubbo" }, [route("c")], [cluster("c", [server.address])]))
  const c = await dubboClient(p.port())
  try {
    const big = 2n ** 63n + 12345n
    const req = dubboRequest(1, { args: ["big id"] })
    writeRequestIdBig(req, big)
    c.send(req)
    const [f] = await c.next()
    assert.equal(readRequestIdBig(rawOf(f!)), big)
    assert.equal(value(f!), "big id")

    c.send(encodeHeartbeat(4242))
    const [hb] = await c.next()
    assert.deepEqual([hb!.requestId, hb!.event, hb!.request, hb!.status], [4242, true, false, DubboStatus.OK])

    c.send(dubboRequest(5, { method: "note", args: ["one"], oneway: true }))
    c.send(dubboRequest(6, { args: ["after"] }))
    const [after] = await c.next()
    assert.equal(after!.requestId, 6)
    await sleep(50)
    assert.deepEqual(seen, ["one"])
    assert.equal(c.received.length, 0)
    assert.equal(p.proxy.stats().upstreamRequests, 3) // big id, note, after: the heartbeat stayed in the proxy
  } finally {
    c.destroy()
    await p.close()
    await server.close()
  }
})

test("dubbo hijack statuses: no route 60, timeout 31, connect failure 60, overflow 100, upstream lost 80", async () => {
  const server = await named("a")
  const dead = await deadPort()
  const config = xConfig({ downstream: "dubbo" }, [
    route("slow", { method: "hang", zone: "timeout" }, { timeout: "100ms" }),
    route("busy", { zone: "busy" }),
    route("dead", { zone: "dead" }),
    route("c", { zone: "lost" })
  ], [
    cluster("slow", [server.address]),
    cluster("busy", [server.address], { circuit_breakers: [{ max_requests: 1 }] }),
    cluster("dead", [`127.0.0.1:${dead}`]),
    cluster("c", [server.address])
  ])
  const p = await runProxy(config)
  const c = await dubboClient(p.port())
  const reply = async (id: number, zone: string, method = "echo") => {
    c.send(dubboRequest(id, { method, args: method === "echo" ? ["x"] : [], attachments: { interface: ECHO, version: "1.0.0", zone } }))
    const [f] = await c.next()
    assert.equal(f!.requestId, id)
    return f!
  }
  try {
    const noRoute = await reply(1, "nowhere")
    assert.deepEqual([noRoute.status, message(noRoute)], [DubboStatus.SERVICE_NOT_FOUND, "mosaic proxy: no route"])
    assert.equal((await reply(2, "timeout", "hang")).status, DubboStatus.SERVER_TIMEOUT)
    const connect = await reply(3, "dead")
    assert.equal(connect.status, DubboStatus.SERVICE_NOT_FOUND)
    assert.match(message(connect), /upstream connect failed/)
    c.send(dubboRequest(4, { method: "hang", args: [], attachments: { zone: "busy" } }))
    assert.equal((await reply(5, "busy")).status, DubboStatus.SERVER_THREADPOOL_EXHAUSTED_ERROR)
    c.send(dubboRequest(6, { method: "hang", args: [], attachments: { zone: "lost" } }))
    while (p.proxy.stats().upstreamRequests < 3) await sleep(5)
    await server.close()
    const lost = await c.next(2)
    assert.deepEqual(lost.map((f) => [f.requestId, f.status]).sort(), [[4, DubboStatus.SERVER_ERROR], [6, DubboStatus.SERVER_ERROR]])
    assert.match(message(lost[0]!), /^mosaic proxy: upstream connection lost/)
  } finally {
    c.destroy()
    await p.close()
    await server.close()
  }
})

test("dubbo bad frames close only their own connection: wrong magic, oversize body (BAD_REQUEST first)", async () => {
  const server = await named("a")
  const logs: Array<string> = []
  const p = await runProxy(xConfig({ downstream: "dubbo" }, [route("c")], [cluster("c", [server.address])]), {
    log: (m) => logs.push(m), protocols: [new DubboProtocol({ maxBodySize: 4096 })]
  })
  const good = await dubboClient(p.port())
  try {
    const magic = await dubboClient(p.port())
    magic.send(new Uint8Array(32).fill(0x41))
    await magic.closed
    assert.equal(magic.received.length, 0)
    assert.match(logs[0]!, /^dubbo proxy: closing downstream connection from 127\.0\.0\.1:\d+: bad frame \(BadMagic\)/)

    const big = await dubboClient(p.port())
    big.send(dubboRequest(11, { args: ["x".repeat(5000)] }))
    await big.closed
    assert.deepEqual(big.received.map((f) => [f.requestId, f.status]), [[11, DubboStatus.BAD_REQUEST]])
    assert.match(logs[1]!, /bad frame \(BodyTooLarge\)/)

    good.send(dubboRequest(12, { args: ["still here"] }))
    assert.equal(value((await good.next())[0]!), "still here")
  } finally {
    good.destroy()
    await p.close()
    await server.close()
  }
})

test("dubbo direct_response: 2xx answers OK with the body as the value; another status its hijack status", async () => {
  const p = await runProxy(xConfig({ downstream: "dubbo" }, [
    { match: { headers: [{ name: "method", value: "hello" }] }, direct_response: { status: 200, body: "hi from the proxy" } },
    { match: { headers: [{ name: "method", value: "late" }] }, direct_response: { status: 504, body: "too late" } }
  ], []))
  const c = await dubboClient(p.port())
  try {
    c.send(dubboRequest(1, { method: "hello", args: [] }))
    c.send(dubboRequest(2, { method: "late", args: [] }))
    const [ok, late] = await c.next(2)
    assert.deepEqual([ok!.requestId, ok!.status, value(ok!)], [1, DubboStatus.OK, "hi from the proxy"])
    assert.deepEqual([late!.requestId, late!.status, message(late!)], [2, DubboStatus.SERVER_TIMEOUT, "too late"])
  } finally {
    c.destroy()
    await p.close()
  }
})

