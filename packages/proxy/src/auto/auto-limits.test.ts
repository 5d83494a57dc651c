// Tests (real sockets): an Auto listener's silent connections, undetected (detect.timeout) or detected as Bolt (the listener's idle timeout).
import { test } from "node:test"
import assert from "node:assert/strict"
import * as net from "node:net"
import { encodeHeartbeat } from "@mosaic/protocol-bolt"
import { runProxy } from "../../test-support/harness.ts"
import { deadPort } from "../../test-support/xprotocol.ts"

const autoConfig = (host: string, listener: Record<string, number>, detectTimeoutMs: number) => ({
  listeners: [{
    name: "auto",
    address: "127.0.0.1:0",
    bind_port: true,
    ...listener,
    filter_chains: [{
      filters: [{ type: "proxy", config: { downstream_protocol: "Auto", router_config_name: "r", detect: { protocols: ["bolt", "http1"], timeout: detectTimeoutMs } } }]
    }]
  }],
  routers: [{ router_config_name: "r", virtual_hosts: [{ name: "vh", domains: ["*"], routers: [{ match: { prefix: "/" }, route: { cluster_name: "c" } }] }] }],
  cluster_manager: { clusters: [{ name: "c", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: host }] }] }
})

interface Client {
  readonly socket: net.Socket
  /** ms from `mark()` (or connect) to the server's close. */
  readonly closedAfter: Promise<number>
  received: number
  mark(): void
}

const open = (port: number): Promise<Client> =>
  new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1")
    socket.on("error", () => {})
    socket.once("error", reject)
    socket.on("connect", () => {
      let t0 = Date.now()
      const c: Client = {
        socket,
        closedAfter: new Promise((r) => socket.on("close", () => r(Date.now() - t0))),
        received: 0,
        mark: () => void (t0 = Date.now())
      }
      socket.on("data", (b: Uint8Array) => void (c.received += b.length))
      resolve(c)
    })
  })

const within = <A>(p: Promise<A>, ms: number): Promise<A | undefined> => {
  let timer: ReturnType<typeof setTimeout> | undefined
  return Promise.race([p, new Promise<undefined>((r) => (timer = setTimeout(r, ms, undefined)))]).finally(() => clearTimeout(timer))
}

const N = 500

test(`auto: ${N} connections that never send are closed at detect.timeout; ${N} that send a Bolt heartbeat and go silent at the idle timeout`, async () => {
  const dead = await deadPort()
  const logs: Array<string> = []
  // idle 800 ms, detection 300 ms: a detected connection outlives detection and is closed by its own deadline
  const p = await runProxy(autoConfig(`127.0.0.1:${dead}`, { connection_idle_timeout: 800 }, 300), { log: (m) => logs.push(m) })
  const silent: Array<Client> = []
  const beating: Array<Client> = []
  try {
    for (let i = 0; i < N; i++) silent.push(await open(p.port()))
    for (let i = 0; i < N; i++) {
      const c = await open(p.port())
      c.socket.write(encodeHeartbeat(i + 1))
      beating.push(c)
    }
    const t0 = Date.now()
    const undetected = await within(Promise.all(silent.map((c) => c.closedAfter)), 8000)
    assert.ok(undetected !== undefined, `all undetected closed (${silent.filter((c) => c.socket.destroyed).length} of ${N})`)
    assert.ok(Math.min(...undetected) >= 250, `none before detect.timeout (first after ${Math.min(...undetected)} ms)`)
    const detected = await within(Promise.all(beating.map((c) => c.closedAfter)), 8000)
    assert.ok(detected !== undefined, `all detected-then-silent closed (${beating.filter((c) => c.socket.destroyed).length} of ${N})`)
    assert.ok(Date.now() - t0 < 8000)
    // each heartbeat was answered by the Bolt connection (so it was detected) before the idle close
    assert.equal(beating.filter((c) => c.received > 0).length, N)
    assert.ok(Math.min(...detected) >= 750, `no detected connection before the idle timeout (first after ${Math.min(...detected)} ms)`)
    assert.ok(logs.some((l) => /protocol not detected \(timeout\)/.test(l)))
  } finally {
    for (const c of [...silent, ...beating]) c.socket.destroy()
    await p.close()
  }
})
