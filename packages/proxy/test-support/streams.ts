// Test helpers for phases, stream filters, retries and timeouts: filter plugins, misbehaving upstreams, timed requests.
import * as net from "node:net"
import { Effect, Schema } from "effect"
import { definePlugin, makeRegistry, type Plugin, type RegistryShape } from "@mosaic/kernel"
import type { Http1Response } from "@mosaic/protocol-http1"
import { builtinRegistry } from "../src/proxy-plan.ts"
import { type StreamFilter, StreamFilterKind } from "../src/stream/filter.ts"
import { connect, get, type RawClient } from "./harness.ts"

/** A `stream_filter` plugin named `name` whose value is `filter` (config ignored). */
export const filterPlugin = (name: string, filter: StreamFilter): Plugin<any, any, any> =>
  definePlugin(StreamFilterKind, {
    name,
    description: "test filter",
    config: Schema.Struct({}),
    make: () => Effect.succeed(filter)
  })

/** A registry of the proxy's built-in plugins plus `plugins`. */
export const registryOf = (plugins: ReadonlyArray<Plugin<any, any, any>>): RegistryShape =>
  Effect.runSync(makeRegistry([...builtinRegistry().plugins, ...plugins]))

/** A one-listener, one-cluster-per-entry config with `stream_filters` on the listener. */
export const filterConfig = (
  clusters: Record<string, ReadonlyArray<string>>,
  routers: Array<unknown>,
  streamFilters: Array<unknown>,
  cluster: Record<string, unknown> = {}
) => ({
  listeners: [{
    name: "l",
    address: "127.0.0.1:0",
    stream_filters: streamFilters,
    filter_chains: [{ filters: [{ type: "proxy", config: { downstream_protocol: "Http1", router_config_name: "r" } }] }]
  }],
  routers: [{ router_config_name: "r", virtual_hosts: [{ name: "vh", domains: ["*"], routers }] }],
  cluster_manager: {
    clusters: Object.entries(clusters).map(([name, hosts]) => ({ name, lb_type: "LB_ROUNDROBIN", hosts: hosts.map((address) => ({ address })), ...cluster }))
  }
})

/** A raw TCP server: `onSocket` decides what each accepted connection does. */
export interface RawServer {
  readonly address: string
  /** Connections accepted so far. */
  accepted: number
  /** Connections open now. */
  open(): number
  close(): Promise<void>
}

export const rawServer = (onSocket: (s: net.Socket) => void): Promise<RawServer> =>
  new Promise((resolve) => {
    const sockets = new Set<net.Socket>()
    const server = net.createServer((s) => {
      out.accepted++
      sockets.add(s)
      s.on("close", () => sockets.delete(s))
      s.on("error", () => {})
      onSocket(s)
    })
    const out: RawServer = {
      address: "",
      accepted: 0,
      open: () => sockets.size,
      close: () =>
        new Promise<void>((r) => {
          for (const s of sockets) s.destroy()
          server.close(() => r())
        })
    }
    server.listen(0, "127.0.0.1", () => {
      Object.assign(out, { address: `127.0.0.1:${(server.address() as net.AddressInfo).port}` })
      resolve(out)
    })
  })

/** Accepts, reads, never answers. */
export const blackHole = (): Promise<RawServer> => rawServer((s) => s.on("data", () => {}))

/** Answers each request with a head promising 100 bytes and 5 of them, then resets the connection. */
export const midResponseReset = (): Promise<RawServer> =>
  rawServer((s) =>
    s.on("data", () => {
      s.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhello")
      setTimeout(() => s.destroy(), 5)
    })
  )

/** An address nothing listens on (connections are refused). */
export const refusedAddress = async (): Promise<string> => {
  const probe = net.createServer()
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r))
  const port = (probe.address() as net.AddressInfo).port
  await new Promise((r) => probe.close(r))
  return `127.0.0.1:${port}`
}

/** One request on a fresh connection: the response and how long it took (ms). */
export const timed = async (port: number, request: string = get("/"), method = "GET"): Promise<{ res: Http1Response; ms: number }> => {
  const c: RawClient = await connect(port)
  const t0 = performance.now()
  try {
    const [res] = await c.send(request, 1, [method])
    return { res: res!, ms: performance.now() - t0 }
  } finally {
    c.destroy()
  }
}

/** Run `total` jobs with `concurrency` workers; results in job order. */
export const pool = async <T>(total: number, concurrency: number, job: (i: number) => Promise<T>): Promise<Array<T>> => {
  const out: Array<T> = new Array(total)
  let next = 0
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const i = next++
      out[i] = await job(i)
    }
  }))
  return out
}
