// Tests (real sockets): Host.activeConnections follows the HTTP/1 and Bolt upstream connections and returns to 0 when they close.
import { test } from "node:test"
import assert from "node:assert/strict"
import { connect, get, runProxy, simpleConfig, sleep, startUpstream } from "../../test-support/harness.ts"
import { boltCall, boltEchoPeer, boltRpc, xListenerConfig } from "../../test-support/x-peers.ts"
import { Effect } from "effect"
import { definePlugin, makeRegistry } from "@mosaic/kernel"
import { LbConfig } from "../config/cluster.ts"
import { builtinRegistry } from "../proxy-plan.ts"
import { balancerFactory, builtinBalancers } from "./builtin-load-balancers.ts"
import type { Host } from "./host.ts"
import { LoadBalancerKind } from "./load-balancer.ts"

/** The built-in plugins, with an LB_LEAST_CONNECTION that records the host list each cluster was built with. */
const recording = () => {
  const hosts: Array<ReadonlyArray<Host>> = []
  const lc = builtinBalancers.get("LB_LEAST_CONNECTION")!
  const plugin = definePlugin(LoadBalancerKind, {
    name: "LB_LEAST_CONNECTION",
    description: "LB_LEAST_CONNECTION, recording its hosts",
    config: LbConfig,
    make: (config: LbConfig) =>
      Effect.sync(() => {
        const make = balancerFactory(lc, config)
        return (hs: ReadonlyArray<Host>) => {
          hosts.push(hs)
          return make(hs)
        }
      })
  })
  const others = builtinRegistry().plugins.filter((p) => !(p.kind.id === LoadBalancerKind.id && p.name === plugin.name))
  return { registry: Effect.runSync(makeRegistry([...others, plugin])), hosts }
}

const until = async (what: string, ok: () => boolean, ms = 3000): Promise<void> => {
  const end = Date.now() + ms
  while (!ok()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`)
    await sleep(5)
  }
}

const conns = (hs: ReadonlyArray<Host>) => hs.map((h) => h.activeConnections)

test("HTTP/1: one count per open upstream connection; back to 0 when the upstream closes them, and on proxy close", async () => {
  const ups = await Promise.all([0, 1].map(() => startUpstream((_q, res) => void setTimeout(() => res.end("ok"), 20))))
  const { registry, hosts } = recording()
  const p = await runProxy(simpleConfig(ups.map((u) => u.address), { cluster: { lb_type: "LB_LEAST_CONNECTION" } }), { registry })
  const hs = hosts[0]!
  const clients = await Promise.all(Array.from({ length: 6 }, () => connect(p.port())))
  try {
    // 6 concurrent requests: the pools open connections while requests wait
    const rs = await Promise.all(clients.map((c) => c.send(get("/"))))
    assert.deepEqual(rs.map((r) => [r[0]!.status]), rs.map(() => [200]))
    const opened = ups[0]!.connections + ups[1]!.connections
    assert.ok(opened >= 2, `opened ${opened}`)
    await until("counts = accepted connections", () => hs[0]!.activeConnections === ups[0]!.connections && hs[1]!.activeConnections === ups[1]!.connections)
    // the upstreams drop every connection: each is counted down exactly once
    for (const u of ups) await u.close()
    await until("0 after upstream close", () => conns(hs).every((n) => n === 0))
    await sleep(30)
    assert.deepEqual(conns(hs), [0, 0])
  } finally {
    for (const c of clients) c.destroy()
    await p.close()
    for (const u of ups) await u.close()
  }

  // idle keep-alive connections closed by the proxy's shutdown
  const up2 = await startUpstream()
  const r2 = recording()
  const p2 = await runProxy(simpleConfig([up2.address], { cluster: { lb_type: "LB_LEAST_CONNECTION" } }), { registry: r2.registry })
  const c2 = await connect(p2.port())
  try {
    await c2.send(get("/"))
    assert.deepEqual(conns(r2.hosts[0]!), [1])
  } finally {
    c2.destroy()
    await p2.close()
  }
  await until("0 after proxy close", () => r2.hosts[0]![0]!.activeConnections === 0)
  await up2.close()
})

test("Bolt (multiplexed): counted once connected; back to 0 when the host dies, and on proxy close", async () => {
  const peers = await Promise.all([boltEchoPeer("a", 10), boltEchoPeer("b", 10)])
  const { registry, hosts } = recording()
  const cluster = { name: "c", type: "SIMPLE", lb_type: "LB_LEAST_CONNECTION", max_connections: 2, hosts: peers.map((p) => ({ address: p.address })) }
  const p = await runProxy(xListenerConfig("bolt", [{ match: { headers: [] }, route: { cluster_name: "c" } }], [cluster]), { registry })
  const hs = hosts[0]!
  const c = await boltRpc(p.port())
  try {
    await Promise.all(Array.from({ length: 12 }, (_, i) => c.call(boltCall(i + 1, `x${i}`), i + 1)))
    await until("counts = accepted connections", () => hs[0]!.activeConnections === peers[0]!.accepted && hs[1]!.activeConnections === peers[1]!.accepted)
    assert.ok(hs[0]!.activeConnections + hs[1]!.activeConnections >= 2, `${conns(hs)}`)
    await peers[0]!.kill()
    await until("host a at 0", () => hs[0]!.activeConnections === 0)
    assert.ok(hs[1]!.activeConnections > 0)
  } finally {
    c.destroy()
    await p.close()
  }
  await until("0 after proxy close", () => conns(hs).every((n) => n === 0))
  await sleep(30)
  assert.deepEqual(conns(hs), [0, 0])
  for (const peer of peers) await peer.close()
})
