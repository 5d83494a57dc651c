// Tests (real sockets): routing by header/prefix/path/regex/domain, hijacks, forwarding rules, the pipe listener.
import { test } from "node:test"
import assert from "node:assert/strict"
import { createResponseDecoder, encodeRequest, getHeader, type Http1Response } from "@mosaic/protocol-http1"
import { connect, get, runProxy, simpleConfig, startUpstream, text } from "../../test-support/harness.ts"

test("routes by header (Layotto demo), prefix, path, regex and domain to different clusters", async () => {
  const names = ["hello", "prefix", "path", "regex", "domain", "fallback"]
  const ups = await Promise.all(names.map((n) => startUpstream((req, res) => res.end(`${n} ${req.url}`))))
  const clusters = names.map((n, i) => ({ name: n, hosts: [{ address: ups[i]!.address }] }))
  const config = simpleConfig([], {
    clusters,
    routers: [
      { match: { headers: [{ name: "id", value: "HelloService:1.0" }] }, route: { cluster_name: "hello" } },
      { match: { prefix: "/api/" }, route: { cluster_name: "prefix" } },
      { match: { path: "/exact" }, route: { cluster_name: "path" } },
      { match: { regex: "\\.png$" }, route: { cluster_name: "regex" } }
    ]
  }) as any
  config.routers[0].virtual_hosts.unshift({ name: "d", domains: ["*.example.com"], routers: [{ match: { prefix: "/" }, route: { cluster_name: "domain" } }] })
  config.routers[0].virtual_hosts[1].routers.push({ match: { regex: ".*" }, route: { cluster_name: "fallback" } })
  const p = await runProxy(config)
  const c = await connect(p.port())
  const ask = async (raw: string) => text((await c.send(raw))[0]!)
  assert.equal(await ask(get("/hello", { id: "HelloService:1.0" })), "hello /hello")
  assert.equal(await ask(get("/api/v1?x=1")), "prefix /api/v1?x=1")
  assert.equal(await ask(get("/exact")), "path /exact")
  assert.equal(await ask(get("/img/a.png")), "regex /img/a.png")
  assert.equal(await ask(get("/api/v1", {}, "www.example.com")), "domain /api/v1")
  assert.equal(await ask(get("/other")), "fallback /other")
  c.destroy()
  await p.close()
  await Promise.all(ups.map((u) => u.close()))
})

test("no route: 404, connection kept; unknown cluster and empty cluster: 503", async () => {
  const config = simpleConfig([], {
    clusters: [{ name: "empty", hosts: [] }],
    routers: [
      { match: { prefix: "/empty" }, route: { cluster_name: "empty" } },
      { match: { prefix: "/ghost" }, route: { cluster_name: "ghost" } },
      { match: { prefix: "/direct" }, direct_response: { status: 200, body: "direct!" } }
    ]
  })
  const p = await runProxy(config)
  const c = await connect(p.port())
  const [nf] = await c.send(get("/nothing"))
  assert.equal(nf!.status, 404)
  assert.equal(nf!.keepAlive, true)
  assert.equal((await c.send(get("/empty")))[0]!.status, 503)
  assert.equal((await c.send(get("/ghost")))[0]!.status, 503)
  const [d] = await c.send(get("/direct"))
  assert.deepEqual([d!.status, text(d!)], [200, "direct!"])
  assert.deepEqual(p.proxy.stats().hijacks, { 404: 1, 503: 2 })
  c.destroy()
  await p.close()
})

test("forwarding: hop-by-hop headers dropped, prefix_rewrite and host_rewrite, chunked request body re-framed", async () => {
  let seen: { url?: string; headers?: Record<string, unknown>; body?: string } = {}
  const up = await startUpstream((req, res, body) => {
    seen = { url: req.url!, headers: req.headers, body }
    res.setHeader("Connection", "keep-alive")
    res.setHeader("Keep-Alive", "timeout=60")
    res.setHeader("X-Up", "1")
    res.end("done")
  })
  const p = await runProxy(simpleConfig([up.address], {
    routers: [{ match: { prefix: "/old/" }, route: { cluster_name: "c", prefix_rewrite: "/new/", host_rewrite: "upstream.local" } }]
  }))
  const c = await connect(p.port())
  const raw = "POST /old/x?y=1 HTTP/1.1\r\nHost: client.local\r\nConnection: keep-alive, X-Hop\r\nX-Hop: secret\r\nKeep-Alive: 5\r\n" +
    "Proxy-Authorization: p\r\nTE: trailers\r\nUpgrade: h2c\r\nX-End: kept\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
  const [r] = await c.send(raw)
  assert.equal(r!.status, 200)
  assert.equal(seen.url, "/new/x?y=1")
  assert.equal(seen.body, "abcde")
  const h = seen.headers!
  assert.equal(h.host, "upstream.local")
  assert.equal(h["content-length"], "5")
  for (const hop of ["x-hop", "keep-alive", "proxy-authorization", "te", "upgrade", "transfer-encoding"]) assert.equal(h[hop], undefined, hop)
  assert.equal(h["x-end"], "kept")
  assert.equal(getHeader(r!.headers, "x-up"), "1")
  assert.equal(getHeader(r!.headers, "keep-alive"), undefined)
  assert.equal(getHeader(r!.headers, "connection"), undefined)
  c.destroy()
  await p.close()
  await up.close()
})

test("a request through the in-memory pipe listener, by listener name (no TCP socket)", async () => {
  const up = await startUpstream((req, res) => res.end(`piped ${req.headers.id}`))
  const config = simpleConfig([up.address], {
    routers: [{ match: { headers: [{ name: "id", value: "HelloService:1.0" }] }, route: { cluster_name: "c" } }]
  }) as any
  config.listeners[0].bind_port = false
  config.listeners[0].name = "egress_runtime_http"
  const p = await runProxy(config)
  assert.equal(p.proxy.listeners[0]!.port, undefined)
  const conn = p.pipes.connect("egress_runtime_http")
  assert.ok(!(conn instanceof Error))
  const got = await new Promise<Http1Response>((resolve) => {
    const d = createResponseDecoder({ onResponse: resolve })
    d.expect("GET")
    conn.setHandler({ onData: (b) => d.push(b), onClose: () => {} })
    conn.write(encodeRequest({ method: "GET", target: "/bar", headers: ["Host", "localhost", "Id", "HelloService:1.0"], body: new TextEncoder().encode("hello world") }))
  })
  assert.deepEqual([got.status, text(got)], [200, "piped HelloService:1.0"])
  conn.destroy()
  await p.close()
  await up.close()
})
