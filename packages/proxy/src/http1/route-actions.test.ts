// Tests (real sockets): route actions on the wire: header ops, cluster_header, weighted clusters, rewrites, breaker, mirror, hashing, health.
import { test } from "node:test"
import assert from "node:assert/strict"
import * as http from "node:http"
import { getHeader } from "@mosaic/protocol-http1"
import { connect, get, runProxy, simpleConfig, sleep, startUpstream, text } from "../../test-support/harness.ts"

test("request and response header operations (route and virtual host) are applied on the wire", async () => {
  let seen: Record<string, unknown> = {}
  const up = await startUpstream((req, res) => {
    seen = req.headers
    res.setHeader("Server", "upstream")
    res.setHeader("X-Cache", "hit")
    res.end("ok")
  })
  const config = simpleConfig([up.address], {
    routers: [{
      match: { prefix: "/" },
      route: {
        cluster_name: "c",
        request_headers_to_add: [{ header: { key: "x-route", value: "r1" } }],
        request_headers_to_remove: ["x-secret"],
        response_headers_to_add: [{ header: { key: "x-cache", value: "miss" }, append: false }]
      }
    }]
  }) as any
  Object.assign(config.routers[0].virtual_hosts[0], {
    request_headers_to_add: [{ header: { key: "x-vh", value: "v" } }],
    response_headers_to_remove: ["server"]
  })
  const p = await runProxy(config)
  const c = await connect(p.port())
  const [r] = await c.send(get("/", { "x-secret": "s", "x-keep": "k" }))
  assert.equal(r!.status, 200)
  assert.deepEqual([seen["x-route"], seen["x-vh"], seen["x-secret"], seen["x-keep"]], ["r1", "v", undefined, "k"])
  assert.equal(getHeader(r!.headers, "x-cache"), "miss")
  assert.equal(getHeader(r!.headers, "server"), undefined)
  c.destroy()
  await p.close()
  await up.close()
})

test("cluster_header picks the cluster by request header; weighted_clusters split traffic by weight", async () => {
  const a = await startUpstream((_q, res) => res.end("a"))
  const b = await startUpstream((_q, res) => res.end("b"))
  const p = await runProxy(simpleConfig([], {
    clusters: [{ name: "ca", hosts: [{ address: a.address }] }, { name: "cb", hosts: [{ address: b.address }] }],
    routers: [
      { match: { prefix: "/by-header" }, route: { cluster_header: "x-cluster" } },
      { match: { prefix: "/weighted" }, route: { weighted_clusters: [{ cluster: { name: "ca", weight: 1 } }, { cluster: { name: "cb", weight: 3 } }] } }
    ]
  }))
  const c = await connect(p.port())
  assert.equal(text((await c.send(get("/by-header", { "x-cluster": "cb" })))[0]!), "b")
  assert.equal(text((await c.send(get("/by-header", { "x-cluster": "ca" })))[0]!), "a")
  const [missing] = await c.send(get("/by-header"))
  assert.deepEqual([missing!.status, getHeader(missing!.headers, "x-mosaic-hijack")], [503, "unknown cluster"])
  let na = 0
  for (let i = 0; i < 200; i++) if (text((await c.send(get("/weighted")))[0]!) === "a") na++
  assert.ok(na >= 20 && na <= 80, `weight 1 of 4 got ${na}/200`)
  c.destroy()
  await p.close()
  await a.close()
  await b.close()
})

test("regex_rewrite and auto_host_rewrite reach the upstream", async () => {
  let seen = { url: "", host: "" }
  const up = await startUpstream((req, res) => {
    seen = { url: req.url!, host: req.headers.host! }
    res.end("ok")
  })
  const config = simpleConfig([], {
    clusters: [{ name: "c", hosts: [{ address: up.address, hostname: "backend.internal" }] }],
    routers: [{
      match: { regex: "^/users/\\d+$" },
      route: { cluster_name: "c", regex_rewrite: { pattern: { regex: "^/users/(\\d+)$" }, substitution: "/v2/user/${1}" }, auto_host_rewrite: true }
    }]
  })
  const p = await runProxy(config)
  const c = await connect(p.port())
  assert.equal((await c.send(get("/users/42?x=1")))[0]!.status, 200)
  assert.deepEqual(seen, { url: "/v2/user/42?x=1", host: "backend.internal" })
  c.destroy()
  await p.close()
  await up.close()
})

test("circuit breaker max_requests: overflow answers 503 'upstream overflow' at once; capacity comes back", async () => {
  const up = await startUpstream((_q, res) => setTimeout(() => res.end("slow"), 150))
  const p = await runProxy(simpleConfig([up.address], { cluster: { circuit_breakers: [{ max_requests: 2 }] } }))
  const clients = await Promise.all([0, 1, 2].map(() => connect(p.port())))
  const first = clients.slice(0, 2).map((c) => c.send(get("/")))
  await sleep(30)
  const t0 = Date.now()
  const [over] = await clients[2]!.send(get("/"))
  assert.ok(Date.now() - t0 < 100, "answered without waiting")
  assert.deepEqual([over!.status, getHeader(over!.headers, "x-mosaic-hijack")], [503, "upstream overflow"])
  assert.deepEqual((await Promise.all(first)).map((r) => r[0]!.status), [200, 200])
  assert.equal((await clients[2]!.send(get("/")))[0]!.status, 200)
  assert.equal(up.requests, 3)
  for (const c of clients) c.destroy()
  await p.close()
  await up.close()
})

test("mirroring: the mirror upstream gets a copy while the caller gets the main answer, even when the mirror is slow, fails or is down", async () => {
  const mirrored: Array<{ url: string; body: string; x: unknown }> = []
  const main = await startUpstream((_q, res) => res.end("main"))
  const shadow = await startUpstream((req, res, body) => {
    mirrored.push({ url: req.url!, body, x: req.headers["x-route"] })
    setTimeout(() => {
      res.statusCode = 500
      res.end("shadow")
    }, 300)
  })
  const p = await runProxy(simpleConfig([], {
    clusters: [
      { name: "main", hosts: [{ address: main.address }] },
      { name: "shadow", hosts: [{ address: shadow.address }] },
      { name: "down", hosts: [{ address: "127.0.0.1:1" }] }
    ],
    routers: [
      {
        match: { prefix: "/m" },
        route: { cluster_name: "main", prefix_rewrite: "/rewritten", request_headers_to_add: [{ header: { key: "x-route", value: "m" } }] },
        request_mirror_policies: { cluster: "shadow", percent: 100 }
      },
      { match: { prefix: "/d" }, route: { cluster_name: "main" }, request_mirror_policies: { cluster: "down", percent: 100 } },
      { match: { prefix: "/never" }, route: { cluster_name: "main" }, request_mirror_policies: { cluster: "shadow", percent: 0 } }
    ]
  }))
  const c = await connect(p.port())
  const t0 = Date.now()
  const [r] = await c.send("POST /m/x HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nbody", 1, ["POST"])
  assert.deepEqual([r!.status, text(r!)], [200, "main"])
  assert.ok(Date.now() - t0 < 250, "the main answer does not wait for the mirror")
  for (let i = 0; i < 50 && mirrored.length === 0; i++) await sleep(10)
  assert.deepEqual(mirrored, [{ url: "/rewritten/x", body: "body", x: "m" }])
  assert.equal(text((await c.send(get("/d")))[0]!), "main")
  assert.equal(text((await c.send(get("/never")))[0]!), "main")
  await sleep(150)
  assert.equal(mirrored.length, 1)
  assert.equal(main.requests, 3)
  c.destroy()
  await p.close()
  await main.close()
  await shadow.close()
})

test("LB_MAGLEV with hash_policy header: a key sticks to one host; keys spread over hosts", async () => {
  const ups = await Promise.all(["a", "b", "c"].map((n) => startUpstream((_q, res) => res.end(n))))
  const p = await runProxy(simpleConfig(ups.map((u) => u.address), {
    cluster: { lb_type: "LB_MAGLEV" },
    routers: [{ match: { prefix: "/" }, route: { cluster_name: "c", hash_policy: [{ header: { key: "x-user" } }] } }]
  }))
  const c = await connect(p.port())
  const seen = new Map<string, string>()
  for (let u = 0; u < 30; u++) {
    const first = text((await c.send(get("/", { "x-user": `u${u}` })))[0]!)
    for (let i = 0; i < 3; i++) assert.equal(text((await c.send(get("/", { "x-user": `u${u}` })))[0]!), first)
    seen.set(`u${u}`, first)
  }
  assert.equal(new Set(seen.values()).size, 3)
  c.destroy()
  await p.close()
  await Promise.all(ups.map((u) => u.close()))
})

test("health_check: a dead host is taken out (no 502 after interval x threshold) and comes back", async () => {
  const a = await startUpstream((_q, res) => res.end("a"))
  const b = await startUpstream((_q, res) => res.end("b"))
  const p = await runProxy(simpleConfig([a.address, b.address], {
    cluster: { health_check: { protocol: "Http1", interval: "50ms", interval_jitter: 0, unhealthy_threshold: 2, check_config: { http_check_config: { path: "/health" } } } }
  }))
  const c = await connect(p.port())
  const seen = new Set<string>()
  for (let i = 0; i < 4; i++) seen.add(text((await c.send(get("/")))[0]!))
  assert.deepEqual([...seen].sort(), ["a", "b"])
  await b.close()
  await sleep(50 * 2 + 200)
  for (let i = 0; i < 10; i++) {
    const [r] = await c.send(get("/"))
    assert.deepEqual([r!.status, text(r!)], [200, "a"])
  }
  // a server on b's port again: back in rotation after one good check
  const again = http.createServer((_q, res) => res.end("b"))
  await new Promise<void>((r) => again.listen(b.port, "127.0.0.1", r))
  await sleep(50 + 200)
  const after = new Set<string>()
  for (let i = 0; i < 4; i++) after.add(text((await c.send(get("/")))[0]!))
  assert.deepEqual([...after].sort(), ["a", "b"])
  c.destroy()
  await p.close()
  await a.close()
  again.closeAllConnections()
  await new Promise((r) => again.close(r))
})
