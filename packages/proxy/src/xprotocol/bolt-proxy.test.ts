// Tests (real sockets): the Bolt proxy: routing keys, raw forwarding (v1, v2, v2+CRC), heartbeats, oneway, hijack statuses, bad frames.
import { test } from "node:test"
import assert from "node:assert/strict"
import { BoltProtocol, BoltStatus, CmdCode, encodeHeartbeat, encodeRequest } from "@mosaic/protocol-bolt"
import { decodeSofaResponse } from "@mosaic/hessian2"
import { createBoltServer, type RpcServerHandle } from "@mosaic/rpc-server"
import { runProxy, sleep } from "../../test-support/harness.ts"
import { boltClient, cluster, deadPort, route, sofaRequest, xConfig } from "../../test-support/xprotocol.ts"

const ECHO = "com.example.EchoService:1.0"
const answer = (f: { content: Uint8Array }) => decodeSofaResponse(f.content)

/** A Bolt server whose `who` answers `name`, with echo and a method that never answers. */
const named = (name: string, extra: Record<string, (...a: Array<any>) => unknown> = {}): Promise<RpcServerHandle> =>
  createBoltServer({
    services: {
      [ECHO]: { who: async () => name, echo: async (s: string) => s, hang: () => new Promise(() => {}), ...extra },
      "com.example.OtherService:2.0": { who: async () => `${name} other` }
    }
  })

test("bolt: routes on service, method, derived interface/version and header-map entries; X + sub_protocol config", async () => {
  const servers = await Promise.all(["m", "s", "i", "h"].map((n) => named(n)))
  const [m, s, i, h] = servers.map((x) => x.address)
  const config = xConfig({ downstream: "X", upstream: "X", sub: "bolt" }, [
    route("h", { zone: "gz" }),
    route("m", { service: ECHO, method: "who" }),
    route("i", { interface: "com.example.OtherService", version: "2.0" }),
    route("s", { service: ECHO })
  ], [cluster("m", [m!]), cluster("s", [s!]), cluster("i", [i!]), cluster("h", [h!])])
  const p = await runProxy(config)
  const c = await boltClient(p.port())
  try {
    const ask = async (id: number, call: Parameters<typeof sofaRequest>[1]) => {
      c.send(sofaRequest(id, call))
      const [f] = await c.next()
      assert.equal(f!.requestId, id)
      assert.equal(f!.status, BoltStatus.SUCCESS)
      return answer(f!).appResponse
    }
    assert.equal(await ask(1, { method: "who", args: [] }), "m")
    assert.equal(await ask(2, { method: "echo", args: ["x"] }), "x") // same service, other method -> "s"
    assert.equal(await ask(3, { method: "who", args: [], headers: { service: ECHO, zone: "gz" } }), "h")
    assert.equal(await ask(4, { service: "com.example.OtherService:2.0", method: "who", args: [] }), "i other")
    // no `service` in the header map: the SofaRequest's targetServiceUniqueName is used
    assert.equal(await ask(5, { method: "who", args: [], headers: {} }), "m")
    assert.equal(await ask(6, { method: "who", args: [], headers: { sofa_head_method_name: "other", service: ECHO } }), "s")
    assert.deepEqual(servers.map((x) => x.connections()), [1, 1, 1, 1])
  } finally {
    c.destroy()
    await p.close()
    await Promise.all(servers.map((x) => x.close()))
  }
})

test("bolt: v1, v2 and v2+CRC frames are forwarded as they are (CRC recomputed after the id rewrite), in both hessian dialects", async () => {
  const server = await named("a")
  const p = await runProxy(xConfig({ downstream: "boltv2" }, [route("c")], [cluster("c", [server.address])]))
  const c = await boltClient(p.port())
  try {
    const calls = [
      sofaRequest(101, { args: ["v1 draft"] }),
      sofaRequest(102, { args: ["v1 2.0"], dialect: "2.0" }),
      sofaRequest(103, { args: ["v2"], protocol: 2 }),
      sofaRequest(104, { args: ["v2 crc"], protocol: 2, crc: true }),
      sofaRequest(105, { args: ["v2 crc 2.0"], protocol: 2, crc: true, dialect: "2.0" })
    ]
    for (const b of calls) c.send(b)
    const got = await c.next(calls.length) // the client's decoder checks every CRC
    const byId = new Map(got.map((f) => [f.requestId, f]))
    assert.equal(answer(byId.get(101)!).appResponse, "v1 draft")
    assert.equal(answer(byId.get(102)!).appResponse, "v1 2.0")
    assert.deepEqual([byId.get(103)!.protocol, byId.get(103)!.ver1, answer(byId.get(103)!).appResponse], [2, 1, "v2"])
    const crc = byId.get(104)!
    assert.deepEqual([crc.protocol, crc.ver1, crc.switchFlags, answer(crc).appResponse], [2, 2, 1, "v2 crc"])
    assert.equal(answer(byId.get(105)!).appResponse, "v2 crc 2.0")
  } finally {
    c.destroy()
    await p.close()
    await server.close()
  }
})

test("bolt: heartbeats are answered by the proxy and never forwarded", async () => {
  const server = await named("a")
  const p = await runProxy(xConfig({ downstream: "bolt" }, [route("c")], [cluster("c", [server.address])]))
  const c = await boltClient(p.port())
  try {
    c.send(encodeHeartbeat(77))
    c.send(encodeHeartbeat(78, 2, { crc: true }))
    const [a, b] = await c.next(2)
    assert.deepEqual([a!.requestId, a!.type, a!.cmdCode, a!.status, a!.protocol], [77, 0, CmdCode.HEARTBEAT, 0, 1])
    assert.deepEqual([b!.requestId, b!.type, b!.cmdCode, b!.protocol, b!.switchFlags], [78, 0, CmdCode.HEARTBEAT, 2, 1])
    await sleep(50)
    assert.equal(server.connections(), 0)
    assert.equal(p.proxy.stats().upstreamRequests, 0)
  } finally {
    c.destroy()
    await p.close()
    await server.close()
  }
})

test("bolt: oneway requests are forwarded and never answered", async () => {
  const seen: Array<string> = []
  const server = await named("a", { note: async (s: string) => void seen.push(s) })
  const p = await runProxy(xConfig({ downstream: "bolt" }, [route("c", { service: ECHO })], [cluster("c", [server.address])]))
  const c = await boltClient(p.port())
  try {
    c.send(sofaRequest(1, { method: "note", args: ["one"], oneway: true }))
    c.send(sofaRequest(2, { method: "note", args: ["two"], oneway: true, service: "no.Such:1.0" })) // no route: dropped silently
    c.send(sofaRequest(3, { args: ["after"] }))
    const [f] = await c.next()
    assert.equal(f!.requestId, 3)
    await sleep(50)
    assert.deepEqual(seen, ["one"])
    assert.equal(c.received.length, 0)
  } finally {
    c.destroy()
    await p.close()
    await server.close()
  }
})

test("bolt hijack statuses: no route NO_PROCESSOR, timeout TIMEOUT, connect failure NO_PROCESSOR, overflow THREADPOOL_BUSY, upstream lost CONNECTION_CLOSED", async () => {
  const server = await named("a")
  const dead = await deadPort()
  const config = xConfig({ downstream: "bolt" }, [
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
  const c = await boltClient(p.port())
  const reply = async (id: number, call: Parameters<typeof sofaRequest>[1]) => {
    c.send(sofaRequest(id, call))
    const [f] = await c.next()
    assert.equal(f!.requestId, id)
    return f!
  }
  try {
    const noRoute = await reply(1, { headers: { zone: "nowhere" } })
    assert.equal(noRoute.status, BoltStatus.NO_PROCESSOR)
    assert.equal(answer(noRoute).errorMsg, "mosaic proxy: no route")
    const t0 = Date.now()
    assert.equal((await reply(2, { method: "hang", args: [], headers: { zone: "timeout" } })).status, BoltStatus.TIMEOUT)
    assert.ok(Date.now() - t0 >= 90, "answered at the route timeout")
    const connect = await reply(3, { headers: { zone: "dead" } })
    assert.equal(connect.status, BoltStatus.NO_PROCESSOR)
    assert.match(String(answer(connect).errorMsg), /upstream connect failed/)
    // the busy cluster allows 1 request in flight
    c.send(sofaRequest(4, { method: "hang", args: [], headers: { zone: "busy", service: ECHO } }))
    const over = await reply(5, { headers: { zone: "busy", service: ECHO } })
    assert.equal(over.status, BoltStatus.SERVER_THREADPOOL_BUSY)
    // requests in flight when the upstream goes away
    c.send(sofaRequest(6, { method: "hang", args: [], headers: { zone: "lost", service: ECHO } }))
    while (p.proxy.stats().upstreamRequests < 3) await sleep(5) // #2 (timed out), #4 and #6
    await server.close()
    const lost = await c.next(2)
    assert.deepEqual(lost.map((f) => [f.requestId, f.status]).sort(), [[4, BoltStatus.CONNECTION_CLOSED], [6, BoltStatus.CONNECTION_CLOSED]])
    assert.deepEqual(p.proxy.stats().hijacks, { 404: 1, 504: 1, 502: 3, 503: 1 })
  } finally {
    c.destroy()
    await p.close()
    await server.close()
  }
})

test("bolt bad frames close only their own connection: garbage, unknown cmdcode and oversize (CODEC_EXCEPTION first)", async () => {
  const server = await named("a")
  const logs: Array<string> = []
  const p = await runProxy(xConfig({ downstream: "bolt" }, [route("c")], [cluster("c", [server.address])]), {
    log: (m) => logs.push(m), protocols: [new BoltProtocol("bolt", { maxFrameSize: 4096 })]
  })
  const good = await boltClient(p.port())
  try {
    good.send(sofaRequest(1))
    assert.equal((await good.next())[0]!.status, 0)

    const garbage = await boltClient(p.port())
    garbage.send(new TextEncoder().encode("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
    await garbage.closed
    assert.equal(garbage.received.length, 0)
    assert.match(logs[0]!, /^bolt proxy: closing downstream connection from 127\.0\.0\.1:\d+: bad frame \(UnknownProtocol\)/)

    const cmd = await boltClient(p.port())
    cmd.send(encodeRequest({ requestId: 9, cmdCode: 42, content: new Uint8Array(4) }))
    await cmd.closed
    assert.deepEqual(cmd.received.map((f) => [f.requestId, f.status]), [[9, BoltStatus.CODEC_EXCEPTION]])
    assert.match(logs[1]!, /bad frame \(UnknownCmdCode\)/)

    const big = await boltClient(p.port())
    big.send(sofaRequest(10, { args: ["x".repeat(5000)] }))
    await big.closed
    assert.deepEqual(big.received.map((f) => [f.requestId, f.status]), [[10, BoltStatus.CODEC_EXCEPTION]])
    assert.match(logs[2]!, /bad frame \(FrameTooLarge\)/)

    good.send(sofaRequest(2, { args: ["still here"] }))
    assert.equal(answer((await good.next())[0]!).appResponse, "still here")
    assert.equal(good.isClosed(), false)
  } finally {
    good.destroy()
    await p.close()
    await server.close()
  }
})

test("bolt direct_response: 2xx answers SUCCESS with the body as the value; another status its hijack status", async () => {
  const p = await runProxy(xConfig({ downstream: "bolt" }, [
    { match: { headers: [{ name: "method", value: "hello" }] }, direct_response: { status: 200, body: "hi from the proxy" } },
    { match: { headers: [{ name: "method", value: "busy" }] }, direct_response: { status: 503, body: "come back later" } }
  ], []))
  const c = await boltClient(p.port())
  try {
    c.send(sofaRequest(1, { method: "hello", args: [] }))
    c.send(sofaRequest(2, { method: "busy", args: [], dialect: "2.0" }))
    const [ok, busy] = await c.next(2)
    assert.deepEqual([ok!.requestId, ok!.status, answer(ok!).appResponse], [1, BoltStatus.SUCCESS, "hi from the proxy"])
    assert.deepEqual([busy!.requestId, busy!.status, answer(busy!).errorMsg], [2, BoltStatus.SERVER_THREADPOOL_BUSY, "come back later"])
  } finally {
    c.destroy()
    await p.close()
  }
})

