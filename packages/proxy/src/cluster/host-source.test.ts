// Tests (real sockets): a host source's membership updates reach the balancer (removed hosts drain), health checks and reloads.
import { test } from "node:test"
import assert from "node:assert/strict"
import * as net from "node:net"
import { Effect, Schema } from "effect"
import { decodeConfig, definePlugin, makeRegistry } from "@mosaic/kernel"
import { LbConfig, type HostConfig } from "../config/cluster.ts"
import { ProxyConfig } from "../config/proxy-config.ts"
import { builtinRegistry } from "../proxy-plan.ts"
import { connect, get, runProxy, simpleConfig, sleep, startUpstream, text, type Upstream } from "../../test-support/harness.ts"
import { balancerFactory, builtinBalancers } from "./builtin-load-balancers.ts"
import type { Host } from "./host.ts"
import { type HostSource, HostSourceKind } from "./host-source.ts"
import { LoadBalancerKind } from "./load-balancer.ts"

/** A host source driven by the test: `push(addresses)` delivers an update; counts sources built and closed. */
const controlled = () => {
  const state = { built: 0, closed: 0, update: undefined as ((hosts: ReadonlyArray<HostConfig>) => void) | undefined }
  const plugin = definePlugin(HostSourceKind, {
    name: "controlled",
    description: "test: membership pushed by the test",
    config: Schema.Struct({ initial: Schema.Array(Schema.String) }),
    make: (config: { initial: ReadonlyArray<string> }) =>
      Effect.gen(function*() {
        state.built++
        yield* Effect.addFinalizer(() => Effect.sync(() => {
          state.closed++
          state.update = undefined
        }))
        return {
          hosts: config.initial.map((address) => ({ address, weight: 1 })),
          subscribe: (update) => void (state.update = update)
        } satisfies HostSource
      })
  })
  const push = (addresses: ReadonlyArray<string>) => state.update!(addresses.map((address) => ({ address, weight: 1 })))
  return { state, plugin, push }
}

/** LB_ROUNDROBIN that records every host list it is built over (once per cluster build or membership change). */
const recordingRoundRobin = () => {
  const lists: Array<ReadonlyArray<Host>> = []
  const plugin = definePlugin(LoadBalancerKind, {
    name: "LB_RECORDING",
    description: "test: round robin, recording its host lists",
    config: LbConfig,
    make: (config: LbConfig) =>
      Effect.sync(() => {
        const make = balancerFactory(builtinBalancers.get("LB_ROUNDROBIN")!, config)
        return (hosts: ReadonlyArray<Host>) => {
          lists.push(hosts)
          return make(hosts)
        }
      })
  })
  return { lists, plugin }
}

const named = (name: string, hold?: { release?: () => void; arrived?: () => void }) =>
  startUpstream((req, res) => {
    if (req.url === "/slow" && hold !== undefined) {
      hold.release = () => res.end(name)
      hold.arrived?.()
    } else res.end(name)
  })

const openConnections = (u: Upstream) => new Promise<number>((r) => u.server.getConnections((_e, n) => r(n)))

const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms
  while (!(await ok())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`)
    await sleep(20)
  }
}

const clusterWith = (source: unknown, extra: Record<string, unknown> = {}) =>
  simpleConfig([], { clusters: [{ name: "c", lb_type: "LB_RECORDING", host_source: source, ...extra }] })

test("host source updates: new requests go to the new members only, a removed host's request in flight finishes, its idle connection closes; a host can come back", async () => {
  const hold: { release?: () => void; arrived?: () => void } = {}
  const arrived = new Promise<void>((r) => (hold.arrived = r))
  const [a, b, c] = [await named("a", hold), await named("b"), await named("c")]
  const src = controlled()
  const lb = recordingRoundRobin()
  const registry = Effect.runSync(makeRegistry([...builtinRegistry().plugins, src.plugin, lb.plugin]))
  const p = await runProxy(clusterWith({ type: "controlled", config: { initial: [a.address] } }), { registry })
  const slow = await connect(p.port())
  const client = await connect(p.port())
  try {
    assert.equal(text((await client.send(get("/")))[0]!), "a")
    const pending = slow.send(get("/slow"))
    await arrived
    src.push([b.address, c.address])
    const seen: Array<string> = []
    for (let i = 0; i < 20; i++) seen.push(text((await client.send(get("/")))[0]!))
    assert.deepEqual([...new Set(seen)].sort(), ["b", "c"])
    // the request that was on `a` when it left finishes there
    hold.release!()
    const [r] = await pending
    assert.deepEqual([r!.status, text(r!)], [200, "a"])
    // `a` drains: its idle upstream connections are closed by the proxy's idle sweep
    await until("a's upstream connections closed", async () => (await openConnections(a)) === 0)
    // the balancer was built once per membership (never per request)
    assert.deepEqual(lb.lists.map((l) => l.map((h) => h.address)), [[a.address], [b.address, c.address]])
    // `a` comes back: it gets requests again
    src.push([a.address, b.address])
    const again: Array<string> = []
    for (let i = 0; i < 10; i++) again.push(text((await client.send(get("/")))[0]!))
    assert.deepEqual([...new Set(again)].sort(), ["a", "b"])
    // b stayed a member through both updates: the same Host object (its pools, counters and health kept)
    assert.equal(lb.lists[2]![1], lb.lists[1]![0])
  } finally {
    slow.destroy()
    client.destroy()
    await p.close()
    for (const u of [a, b, c]) await u.close()
  }
  assert.deepEqual([src.state.built, src.state.closed], [1, 1])
})

test("host source: health checks follow membership; a reload keeps an unchanged cluster's source and closes a changed one's", async () => {
  const b = await named("b")
  const dead = await new Promise<string>((resolve) => {
    const s = net.createServer()
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(`127.0.0.1:${port}`))
    })
  })
  const src = controlled()
  const lb = recordingRoundRobin()
  const registry = Effect.runSync(makeRegistry([...builtinRegistry().plugins, src.plugin, lb.plugin]))
  const healthCheck = { health_check: { protocol: "tcp", interval: "50ms", timeout: "500ms", interval_jitter: "0" } }
  const json = clusterWith({ type: "controlled", config: { initial: [b.address] } }, healthCheck)
  const p = await runProxy(json, { registry })
  const client = await connect(p.port())
  try {
    src.push([b.address, dead])
    // the new member is health checked: refused, it turns unhealthy
    await until("the dead host marked unhealthy", () => lb.lists.at(-1)!.find((h) => h.address === dead)?.healthy === false)
    for (let i = 0; i < 10; i++) assert.equal(text((await client.send(get("/")))[0]!), "b")
    // the same config again: the cluster (and its source) is adopted
    await Effect.runPromise(decodeConfig(ProxyConfig, json).pipe(Effect.flatMap((c) => p.proxy.reload(c))))
    assert.deepEqual([src.state.built, src.state.closed], [1, 0])
    // a changed cluster: a new source is built, the old one is closed
    const changed = clusterWith({ type: "controlled", config: { initial: [b.address] } }, { ...healthCheck, connect_timeout: "2s" })
    await Effect.runPromise(decodeConfig(ProxyConfig, changed).pipe(Effect.flatMap((c) => p.proxy.reload(c))))
    assert.deepEqual([src.state.built, src.state.closed], [2, 1])
    assert.equal(text((await client.send(get("/")))[0]!), "b")
  } finally {
    client.destroy()
    await p.close()
    await b.close()
  }
  assert.deepEqual([src.state.built, src.state.closed], [2, 2])
})

test("a host source that fails to build is a config error at its path, and nothing starts", async () => {
  const failing = definePlugin(HostSourceKind, {
    name: "failing",
    description: "test: cannot reach its registry",
    config: Schema.Struct({}),
    make: (): Effect.Effect<HostSource, Error> => Effect.fail(new Error("registry unreachable"))
  })
  const registry = Effect.runSync(makeRegistry([...builtinRegistry().plugins, failing]))
  await assert.rejects(
    runProxy(simpleConfig([], { clusters: [{ name: "c", host_source: { type: "failing" } }] }), { registry }),
    /cluster_manager\.clusters\[0\]\.host_source\.config: registry unreachable/
  )
})
