// Tests (real sockets): upstream pools, load balancing, framing, 502/504, idle and dead connections, retries, limits.
import { test } from "node:test"
import assert from "node:assert/strict"
import * as net from "node:net"
import { getHeader } from "@mosaic/protocol-http1"
import { connect, get, runProxy, simpleConfig, sleep, startUpstream, text } from "../../test-support/harness.ts"

test("keep-alive: sequential requests reuse one upstream connection", async () => {
  const up = await startUpstream()
  const p = await runProxy(simpleConfig([up.address]))
  const c = await connect(p.port())
  for (let i = 0; i < 20; i++) assert.equal((await c.send(get("/")))[0]!.status, 200)
  const c2 = await connect(p.port())
  for (let i = 0; i < 5; i++) assert.equal((await c2.send(get("/")))[0]!.status, 200)
  assert.equal(up.connections, 1)
  assert.equal(p.proxy.stats().upstreamConnections, 1)
  c.destroy()
  c2.destroy()
  await p.close()
  await up.close()
})

test("round robin and random spread requests over hosts", async () => {
  const a = await startUpstream((_q, res) => res.end("a"))
  const b = await startUpstream((_q, res) => res.end("b"))
  for (const lb_type of ["LB_ROUNDROBIN", "LB_RANDOM"]) {
    const p = await runProxy(simpleConfig([a.address, b.address], { cluster: { lb_type } }))
    const c = await connect(p.port())
    const seen: Array<string> = []
    for (let i = 0; i < 40; i++) seen.push(text((await c.send(get("/")))[0]!))
    const na = seen.filter((s) => s === "a").length
    if (lb_type === "LB_ROUNDROBIN") {
      assert.equal(na, 20)
      for (let i = 1; i < seen.length; i++) assert.notEqual(seen[i], seen[i - 1])
    } else assert.ok(na >= 8 && na <= 32, `random gave ${na}/40 to a`)
    c.destroy()
    await p.close()
  }
  await a.close()
  await b.close()
})

test("chunked and close-delimited upstream responses are forwarded with Content-Length", async () => {
  const up = await startUpstream((_q, res) => {
    res.write("hel")
    setTimeout(() => res.end("lo"), 5)
  })
  const raw = net.createServer((s) => s.once("data", () => s.end("HTTP/1.0 200 OK\r\nX-Raw: 1\r\n\r\nuntil close")))
  await new Promise<void>((r) => raw.listen(0, "127.0.0.1", r))
  const rawAddr = `127.0.0.1:${(raw.address() as net.AddressInfo).port}`
  const p = await runProxy(simpleConfig([], {
    clusters: [{ name: "c", hosts: [{ address: up.address }] }, { name: "raw", hosts: [{ address: rawAddr }] }],
    routers: [{ match: { prefix: "/raw" }, route: { cluster_name: "raw" } }, { match: { prefix: "/" }, route: { cluster_name: "c" } }]
  }))
  const c = await connect(p.port())
  const [r] = await c.send(get("/"))
  assert.equal(text(r!), "hello")
  assert.equal(getHeader(r!.headers, "content-length"), "5")
  assert.equal(getHeader(r!.headers, "transfer-encoding"), undefined)
  const [r2] = await c.send(get("/raw"))
  assert.deepEqual([r2!.status, text(r2!), getHeader(r2!.headers, "content-length"), r2!.keepAlive], [200, "until close", "11", true])
  const [h] = await c.send("HEAD / HTTP/1.1\r\nHost: h\r\n\r\n", 1, ["HEAD"])
  assert.equal(h!.status, 200)
  assert.equal(h!.body.length, 0)
  c.destroy()
  await p.close()
  await up.close()
  await new Promise((r) => raw.close(r))
})

test("upstream down: 502 quickly; the downstream connection stays usable", async () => {
  const probe = net.createServer()
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r))
  const port = (probe.address() as net.AddressInfo).port
  await new Promise((r) => probe.close(r))
  const p = await runProxy(simpleConfig([`127.0.0.1:${port}`]))
  const c = await connect(p.port())
  const started = Date.now()
  const [r] = await c.send(get("/"))
  assert.equal(r!.status, 502)
  assert.ok(Date.now() - started < 1000)
  assert.equal((await c.send(get("/")))[0]!.status, 502)
  c.destroy()
  await p.close()
})

test("slow upstream: 504 at the route timeout, the next request still works", async () => {
  const up = await startUpstream((req, res) => {
    if (req.url === "/slow") setTimeout(() => res.end("late"), 600)
    else res.end("fast")
  })
  const p = await runProxy(simpleConfig([up.address], { routers: [{ match: { prefix: "/" }, route: { cluster_name: "c", timeout: "200ms" } }] }))
  const c = await connect(p.port())
  const started = Date.now()
  const [r] = await c.send(get("/slow"))
  const took = Date.now() - started
  assert.equal(r!.status, 504)
  assert.ok(took >= 190 && took < 1000, `504 after ${took} ms`)
  assert.equal(text((await c.send(get("/fast")))[0]!), "fast")
  c.destroy()
  await p.close()
  await up.close()
})

test("an idle upstream connection closed by the server is not reused (no failed request)", async () => {
  const up = await startUpstream((_q, res) => res.end("ok"), 100)
  const p = await runProxy(simpleConfig([up.address]))
  const c = await connect(p.port())
  assert.equal((await c.send(get("/")))[0]!.status, 200)
  await sleep(1500) // the server closes its idle socket (Node adds 1 s to keepAliveTimeout)
  for (let i = 0; i < 3; i++) assert.equal((await c.send(get("/")))[0]!.status, 200)
  assert.equal(up.connections, 2)
  assert.equal(p.proxy.stats().retries, 0)
  c.destroy()
  await p.close()
  await up.close()
})

test("a reused connection that dies before answering: GET retried once on a new connection, POST gets 502", async () => {
  // answers the first request on each connection, then drops the connection on the next one without a byte
  let conns = 0
  const raw = net.createServer((s) => {
    conns++
    let n = 0
    s.on("data", () => {
      if (n++ === 0) s.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
      else s.destroy()
    })
  })
  await new Promise<void>((r) => raw.listen(0, "127.0.0.1", r))
  const p = await runProxy(simpleConfig([`127.0.0.1:${(raw.address() as net.AddressInfo).port}`]))
  const c = await connect(p.port())
  assert.equal((await c.send(get("/")))[0]!.status, 200)
  assert.equal((await c.send(get("/")))[0]!.status, 200) // died on reuse, retried on a fresh one
  assert.equal(p.proxy.stats().retries, 1)
  const [post] = await c.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\nx")
  assert.equal(post!.status, 502)
  assert.equal(conns, 2)
  c.destroy()
  await p.close()
  await new Promise((r) => raw.close(r))
})

test("max_connections: requests wait for a free connection; idle_timeout closes idle ones", async () => {
  let active = 0
  let peak = 0
  const up = await startUpstream((_q, res) => {
    peak = Math.max(peak, ++active)
    setTimeout(() => {
      active--
      res.end("ok")
    }, 20)
  })
  const p = await runProxy(simpleConfig([up.address], { cluster: { max_connections: 2, idle_timeout: "300ms" } }))
  const clients = await Promise.all(Array.from({ length: 6 }, () => connect(p.port())))
  const results = await Promise.all(clients.map((c) => c.send(get("/"))))
  assert.deepEqual(results.map((r) => r[0]!.status), [200, 200, 200, 200, 200, 200])
  assert.equal(peak, 2)
  assert.equal(up.connections, 2)
  await sleep(1600) // idle sweep runs every second
  const closedByProxy = await new Promise<number>((resolve) => up.server.getConnections((_e, n) => resolve(n)))
  assert.equal(closedByProxy, 0)
  for (const c of clients) c.destroy()
  await p.close()
  await up.close()
})
