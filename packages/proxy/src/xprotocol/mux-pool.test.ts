// Tests (real sockets): multiplexed upstream pools: id remapping across downstream connections, fail-fast death, heartbeats, GOAWAY, idle close.
import { test } from "node:test"
import assert from "node:assert/strict"
import * as net from "node:net"
import { BoltStatus, CmdCode, CmdType, createBoltDecoder, encodeRequest, encodeResponse } from "@mosaic/protocol-bolt"
import { DubboStatus } from "@mosaic/protocol-dubbo"
import { decodeDubboResponseBody, decodeSofaResponse, encodeSofaResponse } from "@mosaic/hessian2"
import { createBoltServer, createDubboServer, type RpcServerHandle } from "@mosaic/rpc-server"
import { runProxy, sleep } from "../../test-support/harness.ts"
import { boltClient, cluster, dubboClient, dubboRequest, type FrameClient, route, sofaRequest, xConfig } from "../../test-support/xprotocol.ts"

const ECHO = "com.example.EchoService"
const BOLT_ECHO = `${ECHO}:1.0`
const jitter = () => sleep(Math.floor(Math.random() * 4))

interface Case {
  readonly protocol: "bolt" | "dubbo"
  readonly server: (methods: Record<string, (...a: Array<any>) => unknown>) => Promise<RpcServerHandle>
  readonly client: (port: number) => Promise<FrameClient<any>>
  readonly request: (id: number, method: string, args: Array<unknown>) => Uint8Array
  readonly value: (f: any) => unknown
  readonly ok: number
  readonly lost: number
}

const cases: ReadonlyArray<Case> = [
  {
    protocol: "bolt",
    server: (methods) => createBoltServer({ services: { [BOLT_ECHO]: methods } }),
    client: boltClient,
    request: (id, method, args) => sofaRequest(id, { method, args }),
    value: (f) => decodeSofaResponse(f.content).appResponse,
    ok: BoltStatus.SUCCESS,
    lost: BoltStatus.CONNECTION_CLOSED
  },
  {
    protocol: "dubbo",
    server: (methods) => createDubboServer({ services: { [ECHO]: { methods } } }),
    client: dubboClient,
    request: (id, method, args) => dubboRequest(id, { method, args }),
    value: (f) => decodeDubboResponseBody(f.body).value,
    ok: DubboStatus.OK,
    lost: DubboStatus.SERVER_ERROR
  }
]

for (const k of cases) {
  test(`${k.protocol}: 4 downstream connections x 250 concurrent requests with the same ids share 1 upstream connection; every answer reaches its caller with its id`, async () => {
    const server = await k.server({ echo: async (s: string) => { await jitter(); return s } })
    const p = await runProxy(xConfig({ downstream: k.protocol }, [route("c")], [cluster("c", [server.address])]))
    const clients = await Promise.all([0, 1, 2, 3].map(() => k.client(p.port())))
    try {
      const N = 250
      const answers = clients.map((c, ci) => {
        for (let id = 1; id <= N; id++) c.send(k.request(id, "echo", [`conn ${ci} id ${id}`]))
        return c.next(N)
      })
      const got = await Promise.all(answers)
      got.forEach((frames, ci) => {
        assert.equal(frames.length, N)
        const ids = new Set<number>()
        for (const f of frames) {
          assert.equal(f.status, k.ok)
          assert.equal(k.value(f), `conn ${ci} id ${f.requestId}`)
          ids.add(f.requestId)
        }
        assert.equal(ids.size, N)
      })
      assert.equal(server.connections(), 1)
      assert.equal(p.proxy.stats().upstreamConnections, 1)
    } finally {
      for (const c of clients) c.destroy()
      await p.close()
      await server.close()
    }
  })

  test(`${k.protocol}: an upstream connection that dies with 150 requests in flight from 3 connections answers all of them at once`, async () => {
    const server = await k.server({ hang: () => new Promise(() => {}) })
    const p = await runProxy(xConfig({ downstream: k.protocol }, [route("c")], [cluster("c", [server.address])]))
    const clients = await Promise.all([0, 1, 2].map(() => k.client(p.port())))
    try {
      const pending = clients.map((c) => {
        for (let id = 1; id <= 50; id++) c.send(k.request(id, "hang", []))
        return c.next(50)
      })
      while (p.proxy.stats().upstreamRequests < 150) await sleep(5)
      await sleep(20)
      const t0 = Date.now()
      await server.close()
      const got = await Promise.all(pending)
      const took = Date.now() - t0
      assert.ok(took < 1000, `took ${took} ms`)
      for (const frames of got) {
        assert.deepEqual(frames.map((f) => f.requestId).sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i + 1))
        assert.ok(frames.every((f) => f.status === k.lost))
      }
      assert.equal(p.proxy.stats().hijacks[502], 150)
    } finally {
      for (const c of clients) c.destroy()
      await p.close()
      await server.close()
    }
  })
}

test("max_connections sets the multiplexed connections per host (round robin over them)", async () => {
  const server = await createBoltServer({ services: { [BOLT_ECHO]: { echo: async (s: string) => s } } })
  const p = await runProxy(xConfig({ downstream: "bolt" }, [route("c")], [cluster("c", [server.address], { max_connections: 3 })]))
  const c = await boltClient(p.port())
  try {
    for (let id = 1; id <= 30; id++) c.send(sofaRequest(id, { args: [`${id}`] }))
    const got = await c.next(30)
    assert.ok(got.every((f) => decodeSofaResponse(f.content).appResponse === `${f.requestId}`))
    assert.equal(server.connections(), 3)
  } finally {
    c.destroy()
    await p.close()
    await server.close()
  }
})

/** A raw Bolt upstream: `onRequest` gets each request frame and the socket. */
const fakeBolt = (onRequest: (f: { requestId: number; cmdCode: number; type: number }, socket: net.Socket) => void) =>
  new Promise<{ port: number; address: string; accepted: () => number; close: () => Promise<void> }>((resolve) => {
    const sockets = new Set<net.Socket>()
    let accepted = 0
    const server = net.createServer((socket) => {
      accepted++
      sockets.add(socket)
      socket.on("close", () => sockets.delete(socket))
      socket.on("error", () => {})
      const d = createBoltDecoder()
      socket.on("data", (chunk: Buffer) => {
        d.push(new Uint8Array(chunk))
        for (let r = d.read(); r !== undefined; r = d.read()) onRequest(r.frame, socket)
      })
    })
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port
      resolve({
        port, address: `127.0.0.1:${port}`, accepted: () => accepted,
        close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()) })
      })
    })
  })

const okReply = (id: number, value: unknown) =>
  encodeResponse({ requestId: id, className: "com.alipay.sofa.rpc.core.response.SofaResponse", content: encodeSofaResponse({ appResponse: value }) })

test("bolt upstream heartbeats: sent on idle connections; a silent upstream is closed and its requests answered CONNECTION_CLOSED", async () => {
  let heartbeats = 0
  const answering = await fakeBolt((f, s) => {
    if (f.cmdCode === CmdCode.HEARTBEAT) {
      heartbeats++
      s.write(encodeResponse({ requestId: f.requestId, cmdCode: CmdCode.HEARTBEAT }))
    }
  })
  const silent = await fakeBolt(() => {})
  const config = xConfig({ downstream: "bolt" }, [route("ok", { zone: "ok" }), route("silent")], [cluster("ok", [answering.address]), cluster("silent", [silent.address])])
  const p = await runProxy(config, { xprotocol: { upstreamHeartbeat: { intervalMs: 30, timeoutMs: 60, maxFailures: 2 } } })
  const c = await boltClient(p.port())
  try {
    c.send(sofaRequest(1, { headers: { zone: "ok" } })) // opens the connection; never answered
    c.send(sofaRequest(2)) // to the silent upstream
    const t0 = Date.now()
    const [lost] = await c.next()
    assert.deepEqual([lost!.requestId, lost!.status], [2, BoltStatus.CONNECTION_CLOSED])
    assert.ok(Date.now() - t0 < 2000)
    await sleep(150)
    assert.ok(heartbeats >= 2, `${heartbeats} heartbeats`)
    assert.equal(answering.accepted(), 1) // acked heartbeats keep the connection
  } finally {
    c.destroy()
    await p.close()
    await answering.close()
    await silent.close()
  }
})

test("bolt GOAWAY from upstream: requests in flight still answered there, new ones go to a new connection", async () => {
  let n = 0
  const up = await fakeBolt((f, s) => {
    if (f.type !== CmdType.REQUEST || f.cmdCode !== CmdCode.REQUEST) return
    const k = ++n
    if (k === 1) s.write(encodeRequest({ requestId: 0, cmdCode: CmdCode.GOAWAY }))
    setTimeout(() => s.write(okReply(f.requestId, `answer ${k}`)), k === 1 ? 200 : 0)
  })
  const p = await runProxy(xConfig({ downstream: "bolt" }, [route("c")], [cluster("c", [up.address])]))
  const c = await boltClient(p.port())
  try {
    c.send(sofaRequest(1))
    while (n === 0) await sleep(2)
    await sleep(30)
    c.send(sofaRequest(2))
    const got = await c.next(2)
    assert.deepEqual(got.map((f) => [f.requestId, decodeSofaResponse(f.content).appResponse]), [[2, "answer 2"], [1, "answer 1"]])
    assert.equal(up.accepted(), 2)
  } finally {
    c.destroy()
    await p.close()
    await up.close()
  }
})

test("idle multiplexed connections are closed after the cluster's idle_timeout", async () => {
  const server = await createBoltServer({ services: { [BOLT_ECHO]: { echo: async (s: string) => s } } })
  const p = await runProxy(xConfig({ downstream: "bolt" }, [route("c")], [cluster("c", [server.address], { idle_timeout: "100ms" })]))
  const c = await boltClient(p.port())
  try {
    c.send(sofaRequest(1))
    await c.next()
    assert.equal(server.connections(), 1)
    const t0 = Date.now()
    while (server.connections() > 0 && Date.now() - t0 < 3000) await sleep(20)
    assert.equal(server.connections(), 0)
    c.send(sofaRequest(2, { args: ["again"] }))
    assert.equal(decodeSofaResponse((await c.next())[0]!.content).appResponse, "again")
  } finally {
    c.destroy()
    await p.close()
    await server.close()
  }
})
