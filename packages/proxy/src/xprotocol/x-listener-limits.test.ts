// Tests (real sockets): an X-protocol listener's idle timeout, partial-frame (header read) timeout and frame size cap.
import { test } from "node:test"
import assert from "node:assert/strict"
import * as net from "node:net"
import { BoltStatus, encodeHeartbeat } from "@mosaic/protocol-bolt"
import { decodeSofaResponse } from "@mosaic/hessian2"
import { createBoltServer, type RpcServerHandle } from "@mosaic/rpc-server"
import { runProxy, sleep } from "../../test-support/harness.ts"
import { boltClient, cluster, deadPort, route, sofaRequest, xConfig } from "../../test-support/xprotocol.ts"

const ECHO = "com.example.EchoService:1.0"

const echoServer = (): Promise<RpcServerHandle> =>
  createBoltServer({ services: { [ECHO]: { echo: async (s: string) => s, hang: () => new Promise(() => {}) } } })

/** xConfig with listener limits (ms and bytes) on its one listener. */
const limited = (protocol: { downstream: string }, routers: Array<unknown>, clusters: Array<unknown>, limits: Record<string, number>) => {
  const c = xConfig(protocol, routers, clusters)
  return { ...c, listeners: [{ ...c.listeners[0]!, ...limits }] }
}

/** A raw TCP client; `closedAfter` resolves with ms from connect to the server's close. */
const rawClient = (port: number): Promise<{ socket: net.Socket; closedAfter: Promise<number> }> =>
  new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1")
    socket.on("error", () => {})
    socket.once("error", reject)
    socket.on("connect", () => {
      const t0 = Date.now()
      const closedAfter = new Promise<number>((r) => socket.on("close", () => r(Date.now() - t0)))
      resolve({ socket, closedAfter })
    })
  })

/** Resolves with `p`'s value, or undefined after `ms`. */
const within = <A>(p: Promise<A>, ms: number): Promise<A | undefined> => {
  let timer: ReturnType<typeof setTimeout> | undefined
  return Promise.race([p, new Promise<undefined>((r) => (timer = setTimeout(r, ms, undefined)))]).finally(() => clearTimeout(timer))
}

test("bolt and dubbo listeners close a silent connection at connection_idle_timeout, not before", async () => {
  const dead = await deadPort()
  for (const downstream of ["bolt", "dubbo"]) {
    const p = await runProxy(limited({ downstream }, [route("c")], [cluster("c", [`127.0.0.1:${dead}`])], { connection_idle_timeout: 400 }), { log: () => {} })
    try {
      const c = await rawClient(p.port())
      const ms = await within(c.closedAfter, 5000)
      assert.ok(ms !== undefined, `${downstream}: a silent connection is closed`)
      assert.ok(ms >= 350, `${downstream}: not before the idle timeout (closed after ${ms} ms)`)
      assert.ok(ms < 2500, `${downstream}: at about the idle timeout (closed after ${ms} ms)`)
    } finally {
      await p.close()
    }
  }
})

test("bolt: a half-sent frame is closed at header_read_timeout while normal calls and heartbeats on the same listener go on", async () => {
  const server = await echoServer()
  const logs: Array<string> = []
  const p = await runProxy(
    limited({ downstream: "bolt" }, [route("c")], [cluster("c", [server.address])], { connection_idle_timeout: 600, header_read_timeout: 400 }),
    { log: (m) => logs.push(m) }
  )
  const slow = await rawClient(p.port())
  const c = await boltClient(p.port())
  const beat = await boltClient(p.port())
  try {
    const frame = sofaRequest(1, { args: ["never finished"] })
    slow.socket.write(frame.subarray(0, 30))
    // the normal client calls every 150 ms and the heartbeat client beats every 150 ms, for twice the idle timeout
    const t0 = Date.now()
    let id = 10
    while (Date.now() - t0 < 1300) {
      c.send(sofaRequest(++id, { args: [`call ${id}`] }))
      const [f] = await c.next()
      assert.equal(f!.status, BoltStatus.SUCCESS)
      assert.equal(decodeSofaResponse(f!.content).appResponse, `call ${id}`)
      beat.send(encodeHeartbeat(id))
      assert.equal((await beat.next())[0]!.requestId, id)
      await sleep(150)
    }
    const ms = await within(slow.closedAfter, 3000)
    assert.ok(ms !== undefined && ms >= 350 && ms < 1300, `the half-sent frame's connection closed at the header timeout (after ${ms} ms)`)
    assert.ok(!c.isClosed() && !beat.isClosed(), "active connections stay open past the idle timeout")
    assert.ok(logs.some((l) => /header_read_timeout/.test(l)), logs.join("\n"))
    // once they stop, they are idle and closed too
    assert.ok((await within(c.closed.then(() => true), 3000)) === true)
    assert.ok((await within(beat.closed.then(() => true), 3000)) === true)
  } finally {
    slow.socket.destroy()
    c.destroy()
    beat.destroy()
    await p.close()
    await server.close()
  }
})

test("bolt: a request in flight longer than the idle timeout keeps its connection (answered by the route timeout)", async () => {
  const server = await echoServer()
  const p = await runProxy(
    limited({ downstream: "bolt" }, [route("c", {}, { timeout: "1200ms" })], [cluster("c", [server.address])], { connection_idle_timeout: 400 }),
    { log: () => {} }
  )
  const c = await boltClient(p.port())
  try {
    c.send(sofaRequest(5, { method: "hang", timeout: 5000 }))
    const [f] = await c.next()
    assert.equal(f!.requestId, 5)
    assert.equal(f!.status, BoltStatus.TIMEOUT)
    assert.ok(!c.isClosed())
    // idle from the answer on: closed about 400 ms later
    assert.ok((await within(c.closed.then(() => true), 3000)) === true)
  } finally {
    c.destroy()
    await p.close()
    await server.close()
  }
})

test("bolt: a frame over max_body_bytes + max_header_bytes is cut off once that much is buffered; smaller frames pass", async () => {
  const server = await echoServer()
  const logs: Array<string> = []
  const p = await runProxy(
    limited({ downstream: "bolt" }, [route("c")], [cluster("c", [server.address])], { max_body_bytes: 2048, max_header_bytes: 1024 }),
    { log: (m) => logs.push(m) }
  )
  const ok = await boltClient(p.port())
  const big = await rawClient(p.port())
  try {
    ok.send(sofaRequest(1, { args: ["x".repeat(1500)] }))
    assert.equal(decodeSofaResponse((await ok.next())[0]!.content).appResponse, "x".repeat(1500))
    const frame = sofaRequest(2, { args: ["y".repeat(64 * 1024)] })
    // sent in small pieces, so the cap (not the decoder's 16 MiB limit) is what stops it
    for (let i = 0; i < 8 && !big.socket.destroyed; i++) {
      big.socket.write(frame.subarray(i * 512, (i + 1) * 512))
      await sleep(20)
    }
    assert.ok((await within(big.closedAfter, 3000)) !== undefined, "the oversize frame's connection is closed")
    assert.ok(logs.some((l) => /max_body_bytes/.test(l)), logs.join("\n"))
  } finally {
    ok.destroy()
    big.socket.destroy()
    await p.close()
    await server.close()
  }
})

test("500 silent connections on a bolt listener are all closed at the idle timeout", async () => {
  const dead = await deadPort()
  const p = await runProxy(limited({ downstream: "bolt" }, [route("c")], [cluster("c", [`127.0.0.1:${dead}`])], { connection_idle_timeout: 500 }), { log: () => {} })
  const clients: Array<Awaited<ReturnType<typeof rawClient>>> = []
  try {
    for (let i = 0; i < 500; i++) clients.push(await rawClient(p.port()))
    const t0 = Date.now()
    const all = await within(Promise.all(clients.map((c) => c.closedAfter)), 8000)
    assert.ok(all !== undefined, `all closed (${clients.filter((c) => c.socket.destroyed).length} of 500 within 8 s)`)
    assert.ok(Math.min(...all) >= 450, `none before the timeout (first after ${Math.min(...all)} ms)`)
    assert.ok(Date.now() - t0 < 6000)
  } finally {
    for (const c of clients) c.socket.destroy()
    await p.close()
  }
})
