// Tests (real sockets): TCP, HTTP, Bolt and Dubbo health checks flip hosts after their thresholds, within interval x threshold.
import { test } from "node:test"
import assert from "node:assert/strict"
import * as http from "node:http"
import * as net from "node:net"
import { Effect, Exit, Scope } from "effect"
import { decodeConfig } from "@mosaic/kernel"
import type { Protocol } from "@mosaic/protocol"
import * as bolt from "@mosaic/protocol-bolt"
import * as dubbo from "@mosaic/protocol-dubbo"
import type { TransportShape } from "@mosaic/transport"
import { dialTcp } from "@mosaic/transport-node"
import { ClusterConfig, HealthCheckConfig } from "../../config/cluster.ts"
import { Cluster } from "../cluster.ts"
import { Host } from "../host.ts"
import { builtinBalancers } from "../builtin-load-balancers.ts"
import { HealthMonitor } from "./health-monitor.ts"
import { healthCheckerFor, startHealthChecks } from "./start-health-checks.ts"

/** The registered protocols with health probes (compileProxy resolves them by name; given here directly). */
const probes = new Map<string, Protocol>([["bolt", new bolt.BoltProtocol("bolt")], ["boltv2", new bolt.BoltProtocol("boltv2")], ["dubbo", new dubbo.DubboProtocol()]])

const transport = { dial: dialTcp } as unknown as TransportShape
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const config = (json: Record<string, unknown>) => Effect.runSync(decodeConfig(HealthCheckConfig, json))

/** A TCP server on 127.0.0.1 (port 0 or a given one); `handle` gets each socket. */
const serve = (handle: (s: net.Socket) => void, port = 0): Promise<{ port: number; close(): Promise<void> }> =>
  new Promise((resolve, reject) => {
    const sockets = new Set<net.Socket>()
    const server = net.createServer((s) => {
      sockets.add(s)
      s.on("close", () => sockets.delete(s))
      s.on("error", () => {})
      handle(s)
    })
    server.once("error", reject)
    server.listen(port, "127.0.0.1", () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy()
            server.close(() => r())
          })
      }))
  })

/** Poll until `cond` holds; resolves with the elapsed ms, rejects after `limitMs`. */
const within = async (limitMs: number, cond: () => boolean): Promise<number> => {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > limitMs) throw new Error(`not within ${limitMs} ms`)
    await sleep(5)
  }
  return Date.now() - t0
}

const INTERVAL = 60
const SLACK = 250 // timer and scheduling noise on a loaded machine, under three runtimes

test("TCP: a dead host is out within interval x unhealthy_threshold, back after healthy_threshold successes", async () => {
  const a = await serve((s) => s.end())
  let b = await serve((s) => s.end())
  const hosts = [new Host({ address: `127.0.0.1:${a.port}`, weight: 1 }), new Host({ address: `127.0.0.1:${b.port}`, weight: 1 })]
  const cfg = config({ interval: INTERVAL, interval_jitter: 0, timeout: "500ms", unhealthy_threshold: 3, healthy_threshold: 2 })
  const m = new HealthMonitor(hosts, cfg, healthCheckerFor(cfg), transport)
  m.start()
  await within(2000, () => Object.values(m.checkCounts()).every((n) => n >= 2))
  assert.deepEqual(hosts.map((h) => h.healthy), [true, true])
  await b.close()
  const out = await within(INTERVAL * 3 + SLACK, () => !hosts[1]!.healthy)
  assert.ok(out <= INTERVAL * 3 + SLACK, `out after ${out} ms`)
  assert.equal(hosts[0]!.healthy, true)
  const lb = builtinBalancers.get("LB_ROUNDROBIN")!(hosts)
  for (let i = 0; i < 10; i++) assert.equal(lb.choose(undefined), hosts[0])
  b = await serve((s) => s.end(), hosts[1]!.port)
  const back = await within(INTERVAL * 2 + SLACK, () => hosts[1]!.healthy)
  assert.ok(back <= INTERVAL * 2 + SLACK, `back after ${back} ms`)
  await m.close()
  await a.close()
  await b.close()
})

test("HTTP: GET path; healthy on an expected status (200 by default, or the configured list)", async () => {
  let status = 200
  const paths: Array<string> = []
  const server = http.createServer((req, res) => {
    paths.push(req.url!)
    res.statusCode = status
    res.end("x".repeat(2000))
  })
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
  const port = (server.address() as net.AddressInfo).port
  const host = new Host({ address: `127.0.0.1:${port}`, weight: 1 })
  const cfg = config({
    protocol: "Http1",
    interval: INTERVAL,
    interval_jitter: 0,
    unhealthy_threshold: 2,
    check_config: { http_check_config: { path: "/healthz", expected_statuses: [200, 204] } }
  })
  const m = new HealthMonitor([host], cfg, healthCheckerFor(cfg), transport)
  m.start()
  await within(1000, () => paths.length >= 2)
  assert.equal(host.healthy, true)
  assert.equal(paths[0], "/healthz")
  status = 503
  await within(INTERVAL * 2 + SLACK, () => !host.healthy)
  status = 204
  await within(INTERVAL + SLACK, () => host.healthy)
  await m.close()
  server.closeAllConnections()
  await new Promise<void>((r) => server.close(() => r()))
})

test("HTTP check_config port: checks another port than the host's", async () => {
  const server = http.createServer((_q, res) => res.end("ok"))
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
  const port = (server.address() as net.AddressInfo).port
  const host = new Host({ address: "127.0.0.1:1", weight: 1 }) // nothing listens on port 1
  host.healthy = false
  const cfg = config({ protocol: "http", interval: INTERVAL, interval_jitter: 0, check_config: { http_check_config: { port } } })
  const m = new HealthMonitor([host], cfg, healthCheckerFor(cfg), transport)
  m.start()
  await within(1000, () => host.healthy)
  await m.close()
  server.closeAllConnections()
  await new Promise<void>((r) => server.close(() => r()))
})

test("HTTP: an answer without length, delimited by the close, counts; a non-HTTP answer does not", async () => {
  let reply = "HTTP/1.0 200 OK\r\n\r\nfine"
  let checks = 0
  const server = await serve((s) => s.once("data", () => {
    checks++
    s.end(reply)
  }))
  const host = new Host({ address: `127.0.0.1:${server.port}`, weight: 1 })
  host.healthy = false
  const cfg = config({ protocol: "Http1", interval: INTERVAL, interval_jitter: 0 })
  const m = new HealthMonitor([host], cfg, healthCheckerFor(cfg), transport)
  m.start()
  await within(1000, () => host.healthy)
  reply = "SSH-2.0-OpenSSH\r\n"
  await within(INTERVAL + SLACK, () => !host.healthy)
  assert.ok(checks >= 2)
  await m.close()
  await server.close()
})

test("Bolt v1 and v2: heartbeat acked = healthy; no ack before the timeout = unhealthy", async () => {
  for (const version of [1, 2] as const) {
    let silent = false
    let beats = 0
    const server = await serve((s) => {
      const dec = bolt.createBoltDecoder()
      s.on("data", (c: Buffer) => {
        for (const { frame } of dec.push(new Uint8Array(c))) {
          if (!bolt.isHeartbeatRequest(frame)) continue
          beats++
          if (!silent) s.write(bolt.heartbeatAckFor(frame))
        }
      })
    })
    const host = new Host({ address: `127.0.0.1:${server.port}`, weight: 1 })
    const cfg = config({ protocol: version === 1 ? "bolt" : "BoltV2", interval: INTERVAL, interval_jitter: 0, timeout: 100 })
    const m = new HealthMonitor([host], cfg, healthCheckerFor(cfg, probes), transport)
    assert.equal(m.checker.protocol, version === 1 ? "bolt" : "boltv2")
    m.start()
    await within(1000, () => beats >= 2)
    assert.equal(host.healthy, true)
    silent = true
    await within(INTERVAL + 100 + SLACK, () => !host.healthy)
    silent = false
    await within(INTERVAL + SLACK, () => host.healthy)
    await m.close()
    await server.close()
  }
})

test("Dubbo: heartbeat event answered OK = healthy; another status = unhealthy", async () => {
  let status: number = dubbo.DubboStatus.OK
  let beats = 0
  const server = await serve((s) => {
    const dec = dubbo.createDubboDecoder()
    s.on("data", (c: Buffer) => {
      for (const { frame } of dec.push(new Uint8Array(c))) {
        if (!dubbo.isHeartbeatRequest(frame)) continue
        beats++
        s.write(dubbo.encodeResponse({ requestId: frame.requestId, event: true, status, body: Uint8Array.of(0x4e) }))
      }
    })
  })
  const host = new Host({ address: `127.0.0.1:${server.port}`, weight: 1 })
  const cfg = config({ protocol: "dubbo", interval: INTERVAL, interval_jitter: 0 })
  const m = new HealthMonitor([host], cfg, healthCheckerFor(cfg, probes), transport)
  m.start()
  await within(1000, () => beats >= 2)
  assert.equal(host.healthy, true)
  status = 70 // SERVER_ERROR
  await within(INTERVAL + SLACK, () => !host.healthy)
  status = dubbo.DubboStatus.OK
  await within(INTERVAL + SLACK, () => host.healthy)
  await m.close()
  await server.close()
})

test("startHealthChecks: one monitor per cluster with health_check; closing the scope stops every check", async () => {
  let accepted = 0
  const server = await serve((s) => {
    accepted++
    s.end()
  })
  const cluster = (json: Record<string, unknown>) =>
    new Cluster(Effect.runSync(decodeConfig(ClusterConfig, json)), builtinBalancers.get("LB_ROUNDROBIN")!)
  const clusters = [
    cluster({ name: "checked", hosts: [{ address: `127.0.0.1:${server.port}` }], health_check: { interval: 20, interval_jitter: 0 } }),
    cluster({ name: "unchecked", hosts: [{ address: `127.0.0.1:${server.port}` }] })
  ]
  const scope = Effect.runSync(Scope.make())
  const monitors = Effect.runSync(startHealthChecks(clusters, transport).pipe(Scope.provide(scope)))
  assert.equal(monitors.length, 1)
  await within(1000, () => accepted >= 3)
  await Effect.runPromise(Scope.close(scope, Exit.void))
  const seen = accepted
  await sleep(80)
  assert.equal(accepted, seen)
  await server.close()
})

test("config: MOSN defaults, an empty protocol name refused (other names are checked against the registered protocols by compileProxy)", () => {
  const d = config({})
  assert.deepEqual(
    [d.protocol, d.timeout, d.interval, d.interval_jitter, d.healthy_threshold, d.unhealthy_threshold, d.initial_delay_seconds],
    ["tcp", 1000, 15_000, 5, 1, 1, 0]
  )
  const bad = Effect.runSync(Effect.flip(decodeConfig(HealthCheckConfig, { protocol: "" })))
  assert.equal(bad.path, "protocol")
})
