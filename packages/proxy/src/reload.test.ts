// Tests: proxy.reload swaps routes and clusters for every new request (open connections too), keeps sockets and unchanged pools, refuses bad configs whole.
import { test } from "node:test"
import assert from "node:assert/strict"
import * as net from "node:net"
import { Effect } from "effect"
import { decodeConfig } from "@mosaic/kernel"
import { ProxyConfig } from "./config/proxy-config.ts"
import { connect, get, runProxy, simpleConfig, startUpstream, text } from "../test-support/harness.ts"

const reload = (p: { proxy: { reload: (c: ProxyConfig) => Effect.Effect<void, unknown> } }, json: unknown) =>
  Effect.runPromise(decodeConfig(ProxyConfig, json).pipe(Effect.flatMap((c) => p.proxy.reload(c))))

const freePort = () => new Promise<number>((resolve) => {
  const s = net.createServer()
  s.listen(0, "127.0.0.1", () => {
    const p = (s.address() as net.AddressInfo).port
    s.close(() => resolve(p))
  })
})

const twoClusters = (a: string, b: string, to: "a" | "b", port: number) => {
  const config = simpleConfig([], {
    routers: [{ match: { prefix: "/" }, route: { cluster_name: to } }],
    clusters: [
      { name: "a", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: a }] },
      { name: "b", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: b }] }
    ]
  })
  config.listeners[0]!.address = `127.0.0.1:${port}`
  return config
}

test("a reload routes the next request of an open connection anew, keeps the port, and keeps an unchanged cluster's upstream connection", async () => {
  const a = await startUpstream((_req, res) => res.end("a"))
  const b = await startUpstream((_req, res) => res.end("b"))
  const port = await freePort()
  const p = await runProxy(twoClusters(a.address, b.address, "a", port))
  try {
    const c = await connect(port)
    assert.equal(text((await c.send(get("/")))[0]!), "a")
    const upstreamConns = a.connections
    await reload(p, twoClusters(a.address, b.address, "b", port))
    assert.equal(p.port(), port)
    // the same downstream connection: its next request takes the new route
    assert.equal(text((await c.send(get("/")))[0]!), "b")
    await reload(p, twoClusters(a.address, b.address, "a", port))
    assert.equal(text((await c.send(get("/")))[0]!), "a")
    // cluster "a" did not change: its pooled upstream connection was reused, not re-dialled
    assert.equal(a.connections, upstreamConns)
    // a new connection on the kept socket works too
    const d = await connect(port)
    assert.equal(text((await d.send(get("/")))[0]!), "a")
    c.destroy()
    d.destroy()
  } finally {
    await p.close()
    await a.close()
    await b.close()
  }
})

test("a bad config changes nothing; a removed listener stops accepting, an added one starts", async () => {
  const a = await startUpstream((_req, res) => res.end("a"))
  const p = await runProxy(simpleConfig([a.address]))
  const port = p.port()
  try {
    const bad = simpleConfig([a.address], { routers: [{ match: { prefix: "/" }, route: { cluster_name: "c" } }] }) as any
    bad.cluster_manager.clusters[0].lb_type = "LB_NOPE"
    await assert.rejects(reload(p, bad), (e: any) => e.path === "cluster_manager.clusters[0].lb_type")
    const c = await connect(port)
    assert.equal((await c.send(get("/")))[0]!.status, 200)
    const moved = simpleConfig([a.address])
    moved.listeners[0]!.name = "other"
    await reload(p, moved)
    assert.notEqual(p.port("other"), port)
    await assert.rejects(connect(port))
    const d = await connect(p.port("other"))
    assert.equal((await d.send(get("/")))[0]!.status, 200)
    // the open connection of the removed listener still finishes its requests
    assert.equal((await c.send(get("/")))[0]!.status, 200)
    c.destroy()
    d.destroy()
  } finally {
    await p.close()
    await a.close()
  }
})
