// Tests (real sockets): pipelining order, keep-alive rules, bad input, 100-continue, client resets, lifecycle.
import { test } from "node:test"
import assert from "node:assert/strict"
import * as net from "node:net"
import { Effect } from "effect"
import { getHeader } from "@mosaic/protocol-http1"
import { connect, get, runProxy, simpleConfig, startUpstream, text } from "../../test-support/harness.ts"

test("pipelined requests are answered strictly in order, even when later ones finish first", async () => {
  const up = await startUpstream((req, res) => {
    const delay = Number(new URL(req.url!, "http://x").searchParams.get("d"))
    setTimeout(() => res.end(req.url), delay)
  })
  const p = await runProxy(simpleConfig([up.address]))
  const c = await connect(p.port())
  const paths = ["/1?d=60", "/2?d=0", "/3?d=30", "/4?d=0", "/5?d=10"]
  const rs = await c.send(paths.map((x) => get(x)).join(""), paths.length)
  assert.deepEqual(rs.map(text), paths)
  // pipelined behind a hijack reply and a direct answer
  const mixed = await c.send(get("/a?d=20") + "GET /nope HTTP/1.1\r\n\r\n", 2)
  assert.deepEqual(mixed.map((r) => r.status), [200, 400])
  await c.closed
  c.destroy()
  await p.close()
  await up.close()
})

test("a client that goes away mid-request resets the upstream connection", async () => {
  const up = await startUpstream((_q, res) => setTimeout(() => res.end("late"), 300))
  const p = await runProxy(simpleConfig([up.address]))
  const c = await connect(p.port())
  void c.send(get("/")).catch(() => {})
  await new Promise((r) => setTimeout(r, 50))
  assert.equal(await new Promise<number>((r) => up.server.getConnections((_e, n) => r(n))), 1)
  c.destroy()
  await new Promise((r) => setTimeout(r, 50))
  assert.equal(await new Promise<number>((r) => up.server.getConnections((_e, n) => r(n))), 0)
  await p.close()
  await up.close()
})

test("Connection: close and HTTP/1.0 keep-alive rules are honoured", async () => {
  const up = await startUpstream()
  const p = await runProxy(simpleConfig([up.address]))
  const c = await connect(p.port())
  const [r] = await c.send(get("/", { Connection: "close" }) + get("/ignored"))
  assert.equal(getHeader(r!.headers, "connection"), "close")
  await c.closed
  assert.equal(up.requests, 1)
  const old = await connect(p.port())
  const [ka] = await old.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
  assert.equal(getHeader(ka!.headers, "connection"), "keep-alive")
  const [last] = await old.send("GET / HTTP/1.0\r\n\r\n")
  assert.equal(last!.status, 200)
  assert.equal(getHeader(last!.headers, "connection"), "close")
  await old.closed
  await p.close()
  await up.close()
})

test("garbage, an oversized header and an oversized body: 400/431/413 and that connection closed, others keep working", async () => {
  const up = await startUpstream()
  const config = simpleConfig([up.address])
  Object.assign(config.listeners[0]!, { max_body_bytes: 1024 })
  const p = await runProxy(config)
  const good = await connect(p.port())
  assert.equal((await good.send(get("/")))[0]!.status, 200)
  const cases: Array<[string, number]> = [
    ["\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03garbage\r\n\r\n", 400],
    [`GET / HTTP/1.1\r\nHost: h\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`, 431],
    ["POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5000\r\n\r\n", 413]
  ]
  for (const [raw, status] of cases) {
    const bad = await connect(p.port())
    const [r] = await bad.send(raw)
    assert.equal(r!.status, status)
    assert.equal(getHeader(r!.headers, "connection"), "close")
    await bad.closed
    assert.equal((await good.send(get("/")))[0]!.status, 200)
  }
  assert.deepEqual(p.proxy.stats().hijacks, { 400: 1, 431: 1, 413: 1 })
  good.destroy()
  await p.close()
  await up.close()
})

test("Expect: 100-continue gets an interim 100 before the body is sent", async () => {
  const up = await startUpstream((_q, res, body) => res.end(`got ${body}`))
  const p = await runProxy(simpleConfig([up.address]))
  const s = net.connect(p.port(), "127.0.0.1")
  let seen = ""
  s.on("data", (b: Buffer) => (seen += b.toString()))
  s.write("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
  await new Promise((r) => setTimeout(r, 50))
  assert.equal(seen, "HTTP/1.1 100 Continue\r\n\r\n")
  s.write("hi")
  await new Promise((r) => setTimeout(r, 50))
  assert.ok(seen.endsWith("got hi"), seen)
  s.destroy()
  await p.close()
  await up.close()
})

test("lifecycle shutdown stops accepting; connections close with the scope", async () => {
  const up = await startUpstream()
  const p = await runProxy(simpleConfig([up.address]))
  const port = p.port()
  const c = await connect(port)
  const open = await connect(port)
  assert.equal((await c.send(get("/")))[0]!.status, 200)
  await Effect.runPromise(p.lifecycle.shutdown(1000))
  await assert.rejects(connect(port))
  // draining: a request on an open connection is served, then the connection is closed
  const [r] = await c.send(get("/"))
  assert.equal(r!.status, 200)
  await c.closed
  assert.equal(open.isClosed(), false)
  await p.close() // also with a client still connected
  await open.closed
  await up.close()
})
