// Hot reload under load: 20,000 HTTP/1 requests and 5,000 InvokeService calls while the config is swapped 20 times lose none; a broken config is refused.
import { test } from "node:test"
import assert from "node:assert/strict"
import * as http from "node:http"
import * as net from "node:net"
import { create } from "@bufbuild/protobuf"
import { ConnectError, createClient } from "@connectrpc/connect"
import { createConnectTransport } from "@connectrpc/connect-node"
import { InvokeServiceRequestSchema, Runtime } from "@mosaic/proto"
import { startFromConfig } from "@mosaic/sidecar"

const upstream = async (name: string) => {
  const server = http.createServer((req, res) => {
    req.resume()
    req.on("end", () => res.end(name))
  })
  server.keepAliveTimeout = 60_000
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()))
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()) })
  }
}

const freePort = () => new Promise<number>((resolve) => {
  const s = net.createServer()
  s.listen(0, "127.0.0.1", () => {
    const p = (s.address() as net.AddressInfo).port
    s.close(() => resolve(p))
  })
})

/** Version `v` of the config: even versions route to cluster a; odd ones add cluster b and route to it. */
const config = (v: number, o: { a: number; b: number; grpc: number; gateway: number }) => {
  const odd = v % 2 === 1
  const clusters = [{ name: "a", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: `127.0.0.1:${o.a}` }] }]
  if (odd) clusters.push({ name: "b", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: `127.0.0.1:${o.b}` }] })
  return {
    servers: [{
      routers: [{
        router_config_name: "r",
        virtual_hosts: [{ name: "h", domains: ["*"], routers: [{ match: { prefix: "/" }, route: { cluster_name: odd ? "b" : "a" } }] }]
      }],
      listeners: [
        {
          name: "grpc", address: `127.0.0.1:${o.grpc}`, bind_port: true,
          filter_chains: [{ filters: [{ type: "grpc", config: { grpc_config: { rpcs: { mosn: { type: "mosn", config: {
            channel: [{ size: 8, protocol: "http", listener: "egress" }]
          } } } } } }] }]
        },
        {
          name: "egress", address: "127.0.0.1:0", bind_port: false,
          filter_chains: [{ filters: [{ type: "proxy", config: { downstream_protocol: "Http1", router_config_name: "r", upstream_protocol: "Http1" } }] }]
        },
        {
          name: "gateway", address: `127.0.0.1:${o.gateway}`, bind_port: true,
          filter_chains: [{ filters: [{ type: "proxy", config: { downstream_protocol: "Http1", router_config_name: "r", upstream_protocol: "Http1" } }] }]
        }
      ]
    }],
    cluster_manager: { clusters }
  }
}

test("20 reloads under load (route change, added and removed cluster): 20,000 HTTP/1 requests and 5,000 InvokeService calls, none lost", async () => {
  const a = await upstream("a")
  const b = await upstream("b")
  const ports = { a: a.port, b: b.port, grpc: await freePort(), gateway: await freePort() }
  const running = await startFromConfig(config(0, ports))
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 })
  const failures: Array<string> = []
  const seen = { a: 0, b: 0 }
  try {
    const get = (i: number) =>
      new Promise<void>((resolve) => {
        const req = http.get({ host: "127.0.0.1", port: ports.gateway, path: `/r${i}`, agent }, (res) => {
          let body = ""
          res.setEncoding("utf8")
          res.on("data", (d: string) => void (body += d))
          res.on("end", () => {
            if (res.statusCode !== 200 || (body !== "a" && body !== "b")) failures.push(`http ${i}: ${res.statusCode} ${body}`)
            else seen[body]++
            resolve()
          })
        })
        req.on("error", (e) => {
          failures.push(`http ${i}: ${e.message}`)
          resolve()
        })
      })
    const client = createClient(Runtime, createConnectTransport({ baseUrl: `http://127.0.0.1:${ports.grpc}`, httpVersion: "1.1" }))
    const invoke = (i: number) =>
      client.invokeService(create(InvokeServiceRequestSchema, { id: "svc", message: { method: `/c${i}` } }), { timeoutMs: 20_000 }).then(
        (r) => {
          const body = new TextDecoder().decode(r.data?.value)
          if (body !== "a" && body !== "b") failures.push(`invoke ${i}: ${body}`)
        },
        (e: unknown) => void failures.push(`invoke ${i}: ${ConnectError.from(e).message}`)
      )
    const loop = async (total: number, width: number, one: (i: number) => Promise<void>) => {
      let next = 0
      await Promise.all(Array.from({ length: width }, async () => {
        while (next < total) await one(next++)
      }))
    }
    let done = false
    const load = Promise.all([loop(20_000, 16, get), loop(5_000, 8, invoke)]).then(() => void (done = true))
    let reloads = 0
    while (reloads < 20) {
      await new Promise((r) => setTimeout(r, 40))
      await running.reload(config(++reloads, ports))
    }
    await load
    assert.ok(done)
    assert.deepEqual(failures.slice(0, 10), [])
    assert.equal(failures.length, 0)
    assert.ok(seen.a > 0 && seen.b > 0, JSON.stringify(seen))
  } finally {
    agent.destroy()
    await running.stop(2000)
    await a.close()
    await b.close()
  }
})

test("a broken config is refused with its JSON path; the old config keeps serving", async () => {
  const a = await upstream("a")
  const ports = { a: a.port, b: 1, grpc: await freePort(), gateway: await freePort() }
  const running = await startFromConfig(config(0, ports))
  try {
    const broken = config(0, ports) as any
    broken.cluster_manager.clusters[0].lb_type = "LB_NOPE"
    await assert.rejects(running.reload(broken), (e: any) => {
      assert.match(e.message, /cluster_manager\.clusters\[0\]\.lb_type/)
      return true
    })
    const unknownRouter = config(0, ports) as any
    unknownRouter.servers[0].listeners[2].filter_chains[0].filters[0].config.router_config_name = "nope"
    await assert.rejects(running.reload(unknownRouter), /servers\[0\]\.listeners\[2\]\.filter_chains\[0\]\.filters\[0\]\.config\.router_config_name/)
    const badChannel = config(0, ports) as any
    badChannel.servers[0].listeners[0].filter_chains[0].filters[0].config.grpc_config.rpcs.mosn.config.channel[0].size = "big"
    await assert.rejects(running.reload(badChannel), /channel\[0\]\.size/)
    // still serving the old config, on both ports
    const body = await new Promise<string>((resolve, reject) => {
      http.get({ host: "127.0.0.1", port: ports.gateway, path: "/" }, (res) => {
        let s = ""
        res.on("data", (d) => void (s += d))
        res.on("end", () => resolve(s))
      }).on("error", reject)
    })
    assert.equal(body, "a")
    const client = createClient(Runtime, createConnectTransport({ baseUrl: `http://127.0.0.1:${ports.grpc}`, httpVersion: "1.1" }))
    const r = await client.invokeService(create(InvokeServiceRequestSchema, { id: "svc", message: { method: "/x" } }))
    assert.equal(new TextDecoder().decode(r.data?.value), "a")
  } finally {
    await running.stop(2000)
    await a.close()
  }
})
