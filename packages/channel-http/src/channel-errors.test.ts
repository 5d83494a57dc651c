// Tests: transport failures are UNAVAILABLE (refused, no pipe listener, connection killed, proxy 502/503), deadlines, upstream statuses, bad input.
import { test } from "node:test"
import assert from "node:assert/strict"
import * as http from "node:http"
import type * as net from "node:net"
import { Code } from "@mosaic/kernel"
import type { RpcError, RpcRequest } from "@mosaic/rpc"
import { nodeTransport, REFUSED_ADDRESS, settleTimed } from "../../channel-mux/src/tcp-peer.fixture.ts"
import { makeHttpChannel } from "./http-channel.ts"

const enc = (s: string) => new TextEncoder().encode(s)
const dec = (b: Uint8Array) => new TextDecoder().decode(b)

const request = (over: Partial<RpcRequest> = {}, timeoutMs = 2000): RpcRequest => ({
  id: "HelloService:1.0", method: "/hello", contentType: "", header: {}, data: enc("hi"),
  timeoutMs, deadline: Date.now() + timeoutMs, signal: AbortSignal.timeout(timeoutMs), ...over
})

const withChannel = async (listener: string, size: number, body: (ch: ReturnType<typeof makeHttpChannel>) => Promise<void>) => {
  const { transport, pipes } = await nodeTransport()
  const ch = makeHttpChannel({ listener, size, idleTimeoutMs: 60_000, connectTimeoutMs: 1000, limits: {} }, transport, pipes)
  try {
    await body(ch)
  } finally {
    ch.close()
  }
}

/** An HTTP upstream: `/status/N` answers N, `/hold` answers only after `release()`, `/slow` never. */
const upstream = async () => {
  const sockets = new Set<net.Socket>()
  const held: Array<http.ServerResponse> = []
  let requests = 0
  const server = http.createServer((req, res) => {
    requests++
    const status = /^\/status\/(\d+)$/.exec(req.url ?? "")
    if (status) return void res.writeHead(Number(status[1])).end(`answer ${status[1]}`)
    if (req.url === "/hold") return void held.push(res)
    if (req.url !== "/slow") res.end("ok")
  })
  server.on("connection", (s) => { sockets.add(s); s.on("close", () => sockets.delete(s)) })
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()))
  return {
    address: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    requests: () => requests,
    held: () => held.length,
    connections: () => sockets.size,
    kill: () => { for (const s of sockets) s.destroy() },
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()) })
  }
}

const until = async (cond: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time")
    await new Promise((r) => setTimeout(r, 5))
  }
}

test("upstream down: a refused dial and a missing pipe listener are UNAVAILABLE at once", async () => {
  for (const listener of [REFUSED_ADDRESS, "egress_not_registered"]) {
    await withChannel(listener, 2, async (ch) => {
      const t0 = Date.now()
      await assert.rejects(ch.do(request({}, 10_000)), (e: RpcError) => e.code === Code.UNAVAILABLE && e.message !== "")
      assert.ok(Date.now() - t0 < 5000, `${listener}: took ${Date.now() - t0} ms`)
    })
  }
})

test("connection killed with 50 calls in flight: all fail UNAVAILABLE at once; the next call dials again", async () => {
  const up = await upstream()
  try {
    await withChannel(up.address, 50, async (ch) => {
      const calls = Array.from({ length: 50 }, () => ch.do(request({ method: "/hold" }, 30_000)))
      await until(() => up.held() === 50)
      const t0 = Date.now()
      up.kill()
      const outcomes = await settleTimed(t0, calls)
      for (const o of outcomes) {
        assert.equal(o.ok, false)
        assert.equal((o.error as RpcError).code, Code.UNAVAILABLE, String(o.error))
        assert.ok(o.ms < 5000, `failed after ${o.ms} ms`)
      }
      assert.equal(dec((await ch.do(request())).data), "ok")
    })
  } finally {
    await up.close()
  }
})

test("slow upstream: DEADLINE_EXCEEDED at the deadline; the app's statuses map as Dapr (500 UNKNOWN, 502/503 UNAVAILABLE)", async () => {
  const up = await upstream()
  try {
    await withChannel(up.address, 2, async (ch) => {
      const t0 = Date.now()
      await assert.rejects(ch.do(request({ method: "/slow" }, 150)), (e: RpcError) => e.code === Code.DEADLINE_EXCEEDED)
      const took = Date.now() - t0
      assert.ok(took >= 140 && took < 5000, `took ${took} ms`)
      for (const [status, code] of [[500, Code.UNKNOWN], [404, Code.NOT_FOUND], [502, Code.UNAVAILABLE], [503, Code.UNAVAILABLE], [504, Code.DEADLINE_EXCEEDED]] as const) {
        await assert.rejects(ch.do(request({ method: `/status/${status}` })), (e: RpcError) =>
          e.code === code && e.metadata?.["http-status"] === String(status) && e.message.endsWith(`answer ${status}`), String(status))
      }
    })
  } finally {
    await up.close()
  }
})

test("a path or query string HTTP cannot carry is INVALID_ARGUMENT, escaped in the message, and nothing is sent", async () => {
  const up = await upstream()
  try {
    await withChannel(up.address, 2, async (ch) => {
      const cases: ReadonlyArray<readonly [Partial<RpcRequest>, string]> = [
        [{ method: "/a\r\nX-Injected: 1" }, '`method` (the HTTP path) "/a\\r\\nX-Injected: 1"'],
        [{ method: "/a b" }, '`method` (the HTTP path) "/a b"'],
        [{ method: "/é" }, '`method` (the HTTP path) "/é"'],
        [{ header: { query_string: "a=1\r\nb=2" } }, '`http_extension.querystring` "a=1\\r\\nb=2"'],
        [{ header: { query_string: "a=1 2" } }, '`http_extension.querystring` "a=1 2"'],
        [{ header: { "x-k": "v\u0000" } }, 'metadata "x-k" has a value an HTTP header cannot carry: "v\\u0000"'],
        [{ id: "Hello\nService" }, '`id` has a value an HTTP header cannot carry: "Hello\\nService"']
      ]
      for (const [over, what] of cases) {
        await assert.rejects(ch.do(request(over)), (e: RpcError) =>
          e.code === Code.INVALID_ARGUMENT && e.message.includes(what) && !/[\r\n\u0000]/.test(e.message), `${JSON.stringify(over)}`)
      }
      assert.equal(up.requests(), 0)
      assert.equal(up.connections(), 0)
    })
  } finally {
    await up.close()
  }
})
