import { test } from "node:test"
import assert from "node:assert/strict"
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import { Effect, Layer, Scope, Exit } from "effect"
import { Code } from "@mosaic/kernel"
import type { RpcError, RpcRequest } from "@mosaic/rpc"
import { PipeListeners, Transport } from "@mosaic/transport"
import * as NodeTransport from "@mosaic/transport-node"
import { makeHttpChannel, type HttpChannelOptions } from "./http-channel.ts"

const enc = (s: string) => new TextEncoder().encode(s)
const dec = (b: Uint8Array) => new TextDecoder().decode(b)

const upstream = async (handler: http.RequestListener) => {
  const sockets = new Set<import("node:net").Socket>()
  const server = http.createServer(handler)
  server.on("connection", (s) => { sockets.add(s); s.on("close", () => sockets.delete(s)) })
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()))
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => sockets.size,
    close: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections() })
  }
}

const request = (over: Partial<RpcRequest> = {}, timeoutMs = 2000): RpcRequest => ({
  id: "HelloService:1.0", method: "/hello", contentType: "", header: {}, data: enc("hello runtime"),
  timeoutMs, deadline: Date.now() + timeoutMs, signal: AbortSignal.timeout(timeoutMs), ...over
})

const withChannel = async (options: Partial<HttpChannelOptions> & { listener: string }, body: (ch: ReturnType<typeof makeHttpChannel>, pipes: PipeListeners["Service"]) => Promise<void>) => {
  const scope = Effect.runSync(Scope.make())
  const { transport, pipes } = await Effect.runPromise(Effect.gen(function*() {
    return { transport: yield* Transport, pipes: yield* PipeListeners }
  }).pipe(Effect.provide(Layer.mergeAll(NodeTransport.layer, PipeListeners.layer))))
  const ch = makeHttpChannel({ size: 2, idleTimeoutMs: 60_000, connectTimeoutMs: 1000, limits: {}, ...options }, transport, pipes)
  try {
    await body(ch, pipes)
  } finally {
    ch.close()
    await Effect.runPromise(Scope.close(scope, Exit.void))
  }
}

test("TCP: request reaches the upstream as Layotto builds it; the answer and headers come back; connections are reused", async () => {
  let seen: { method?: string; url?: string; headers?: http.IncomingHttpHeaders; body?: string } = {}
  const up = await upstream((req, res) => {
    let body = ""
    req.on("data", (c) => body += c)
    req.on("end", () => {
      seen = { method: req.method!, url: req.url!, headers: req.headers, body }
      res.setHeader("x-answer", "yes")
      res.end(`${req.method} ${req.url} \n ${body}`)
    })
  })
  try {
    await withChannel({ listener: `127.0.0.1:${up.port}` }, async (ch) => {
      for (let i = 0; i < 5; i++) {
        const r = await ch.do(request({ header: { verb: "POST", "x-custom": "c" } }))
        assert.equal(dec(r.data), "POST /hello \n hello runtime")
        assert.equal(r.header["x-answer"], "yes")
        assert.equal(r.header["content-length"], undefined)
      }
      assert.equal(seen.headers!.host, "localhost")
      assert.equal(seen.headers!.id, "HelloService:1.0")
      assert.equal(seen.headers!["x-custom"], "c")
      assert.equal(up.connections(), 1)
    })
  } finally {
    await up.close()
  }
})

test("TCP: non-2xx maps to a gRPC code with the status in metadata; 201 is success", async () => {
  const up = await upstream((req, res) => {
    const status = Number(req.url!.slice(1))
    res.statusCode = status
    res.end(`status ${status}`)
  })
  try {
    await withChannel({ listener: `127.0.0.1:${up.port}` }, async (ch) => {
      assert.equal(dec((await ch.do(request({ method: "/201" }))).data), "status 201")
      for (const [status, code] of [[404, Code.NOT_FOUND], [503, Code.UNAVAILABLE], [504, Code.DEADLINE_EXCEEDED], [500, Code.UNKNOWN]] as const) {
        await assert.rejects(ch.do(request({ method: `/${status}` })), (e: RpcError) =>
          e.code === code && e.metadata?.["http-status"] === String(status) && e.message.includes(`status ${status}`))
      }
    })
  } finally {
    await up.close()
  }
})

test("TCP: upstream down is UNAVAILABLE at once; a slow upstream is DEADLINE_EXCEEDED at the deadline", async () => {
  const up = await upstream((_req, res) => void setTimeout(() => res.end("late"), 2000))
  try {
    await withChannel({ listener: "127.0.0.1:1" }, async (ch) => {
      const t0 = Date.now()
      await assert.rejects(ch.do(request()), (e: RpcError) => e.code === Code.UNAVAILABLE)
      assert.ok(Date.now() - t0 < 500)
    })
    await withChannel({ listener: `127.0.0.1:${up.port}` }, async (ch) => {
      const t0 = Date.now()
      const ac = new AbortController()
      setTimeout(() => ac.abort(Object.assign(new Error("deadline"), { _tag: "RpcError", code: Code.DEADLINE_EXCEEDED })), 150)
      await assert.rejects(ch.do(request({ signal: ac.signal })), (e: RpcError) => e.code === Code.DEADLINE_EXCEEDED)
      const took = Date.now() - t0
      assert.ok(took >= 140 && took < 1000, `took ${took}`)
    })
  } finally {
    await up.close()
  }
})

test("TCP: a connection the upstream closed while idle is not reused (no failed call)", async () => {
  const up = await upstream((_req, res) => { res.setHeader("connection", "close"); res.end("bye") })
  try {
    await withChannel({ listener: `127.0.0.1:${up.port}`, size: 1 }, async (ch) => {
      for (let i = 0; i < 3; i++) assert.equal(dec((await ch.do(request())).data), "bye")
    })
  } finally {
    await up.close()
  }
})

test("pipe: connects by listener name; an unknown name is UNAVAILABLE naming it", async () => {
  await withChannel({ listener: "egress" }, async (ch, pipes) => {
    await Effect.runPromise(Effect.scoped(Effect.gen(function*() {
      yield* pipes.register("egress", (conn) => {
        conn.setHandler({
          onData: (chunk) => {
            const text = dec(chunk)
            if (!text.includes("\r\n\r\n")) return
            const line = text.split("\r\n")[0]!
            conn.write(enc(`HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: ${line.length}\r\n\r\n${line}`))
          },
          onClose: () => {}
        })
      })
      const r = yield* Effect.promise(() => ch.do(request()))
      assert.equal(dec(r.data), "GET /hello HTTP/1.1")
      assert.equal(r.contentType, "text/plain")
    })))
  })
  await withChannel({ listener: "nowhere" }, async (ch) => {
    await assert.rejects(ch.do(request()), (e: RpcError) => e.code === Code.UNAVAILABLE && /nowhere/.test(e.message))
  })
})

test("pool: size bounds connections; callers wait for a turn and time out with DEADLINE_EXCEEDED", async () => {
  const up = await upstream((_req, res) => void setTimeout(() => res.end("ok"), 100))
  try {
    await withChannel({ listener: `127.0.0.1:${up.port}`, size: 1 }, async (ch) => {
      const a = ch.do(request())
      const b = ch.do(request({}, 50))
      await assert.rejects(b, (e: RpcError) => e.code === Code.DEADLINE_EXCEEDED && /pool timeout/.test(e.message))
      assert.equal(dec((await a).data), "ok")
      const both = await Promise.all([ch.do(request()), ch.do(request())])
      assert.deepEqual(both.map((r) => dec(r.data)), ["ok", "ok"])
      assert.equal(up.connections(), 1)
    })
  } finally {
    await up.close()
  }
})
