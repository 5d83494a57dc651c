// Test harness for the proxy: real upstream servers (node:http), a proxy in its own scope, raw HTTP clients.
import * as http from "node:http"
import * as net from "node:net"
import { Effect, Exit, Layer, Scope } from "effect"
import { decodeConfig, type LifecycleShape, Lifecycle } from "@mosaic/kernel"
import type { Protocol } from "@mosaic/protocol"
import { BoltProtocol } from "@mosaic/protocol-bolt"
import { DubboProtocol } from "@mosaic/protocol-dubbo"
import { createResponseDecoder, type Http1Response } from "@mosaic/protocol-http1"
import { TTHeaderProtocol } from "@mosaic/protocol-ttheader"
import { PipeListeners, type PipeListenersShape } from "@mosaic/transport"
import { layer as tcpLayer } from "@mosaic/transport-node"
import { makeProxy, type MakeProxyOptions, type Proxy } from "../src/proxy.ts"
import { ProxyConfig } from "../src/config/proxy-config.ts"

export interface Upstream {
  readonly port: number
  readonly address: string
  /** TCP connections accepted so far. */
  connections: number
  requests: number
  readonly server: http.Server
  close(): Promise<void>
}

/** An HTTP/1.1 keep-alive server on 127.0.0.1:0. */
export const startUpstream = (
  handler: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void = (_q, res) => res.end("ok"),
  keepAliveTimeout = 60_000
): Promise<Upstream> =>
  new Promise((resolve) => {
    const server = http.createServer({ keepAliveTimeout }, (req, res) => {
      up.requests++
      const chunks: Array<Buffer> = []
      req.on("data", (c: Buffer) => chunks.push(c))
      req.on("end", () => handler(req, res, Buffer.concat(chunks).toString()))
    })
    const sockets = new Set<net.Socket>()
    server.on("connection", (s: net.Socket) => {
      up.connections++
      sockets.add(s)
      s.on("close", () => sockets.delete(s))
    })
    const up: Upstream = {
      port: 0,
      address: "",
      connections: 0,
      requests: 0,
      server,
      close: () =>
        new Promise<void>((r) => {
          for (const s of sockets) s.destroy()
          server.close(() => r())
        })
    }
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port
      Object.assign(up, { port, address: `127.0.0.1:${port}` })
      resolve(up)
    })
  })

export interface RunningProxy {
  readonly proxy: Proxy
  readonly pipes: PipeListenersShape
  readonly lifecycle: LifecycleShape
  /** Port of the listener called `name` (or the first). */
  port(name?: string): number
  close(): Promise<void>
}

/** Every protocol the proxy tests speak besides HTTP/1 (no Registry in their context: given explicitly). */
export const testProtocols = (): ReadonlyArray<Protocol> =>
  [new BoltProtocol("bolt"), new BoltProtocol("boltv2"), new DubboProtocol(), new TTHeaderProtocol()]

/** Decode `json` with the proxy schema and run a proxy until `close()`; `options.protocols` defaults to testProtocols(). */
export const runProxy = async (json: unknown, options?: MakeProxyOptions): Promise<RunningProxy> => {
  const scope = await Effect.runPromise(Scope.make())
  const program = Effect.gen(function*() {
    const config = yield* decodeConfig(ProxyConfig, json)
    const proxy = yield* makeProxy(config, { protocols: testProtocols(), ...options })
    return { proxy, pipes: yield* PipeListeners, lifecycle: yield* Lifecycle }
  })
  const layers = Layer.mergeAll(tcpLayer, PipeListeners.layer, Lifecycle.layer)
  const exit = await Effect.runPromiseExit(program.pipe(Scope.provide(scope), Effect.provide(layers)))
  if (Exit.isFailure(exit)) {
    await Effect.runPromise(Scope.close(scope, Exit.void))
    throw new Error(`proxy failed to start: ${String(exit.cause)}`)
  }
  const { proxy, pipes, lifecycle } = exit.value
  return {
    proxy,
    pipes,
    lifecycle,
    port: (name) => (name === undefined ? proxy.listeners[0]! : proxy.listeners.find((l) => l.name === name)!).port!,
    close: () => Effect.runPromise(Scope.close(scope, Exit.void))
  }
}

/** A one-listener, one-cluster config; `routers` and cluster fields can be overridden. */
export const simpleConfig = (
  hosts: ReadonlyArray<string>,
  extra: { routers?: Array<unknown>; cluster?: Record<string, unknown>; domains?: Array<string>; clusters?: Array<unknown> } = {}
) => ({
  listeners: [{
    name: "egress_http",
    address: "127.0.0.1:0",
    bind_port: true,
    filter_chains: [{ filters: [{ type: "proxy", config: { downstream_protocol: "Http1", upstream_protocol: "Http1", router_config_name: "r" } }] }]
  }],
  routers: [{
    router_config_name: "r",
    virtual_hosts: [{ name: "vh", domains: extra.domains ?? ["*"], routers: extra.routers ?? [{ match: { prefix: "/" }, route: { cluster_name: "c" } }] }]
  }],
  cluster_manager: {
    clusters: extra.clusters ?? [{ name: "c", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: hosts.map((address) => ({ address })), ...extra.cluster }]
  }
})

export interface RawClient {
  /** Send bytes; resolves with the next `count` responses (methods default to GET). */
  send(text: string | Uint8Array, count?: number, methods?: ReadonlyArray<string>): Promise<Array<Http1Response>>
  /** Resolves when the server closed the connection. */
  readonly closed: Promise<void>
  isClosed(): boolean
  destroy(): void
}

/** A raw TCP client that frames responses with the response decoder. */
export const connect = (port: number): Promise<RawClient> =>
  new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1")
    const got: Array<Http1Response> = []
    let want: { count: number; resolve: (r: Array<Http1Response>) => void; reject: (e: Error) => void } | undefined
    let closed = false
    const decoder = createResponseDecoder({ onResponse: (r) => void got.push(r) })
    const check = () => {
      if (want !== undefined && got.length >= want.count) {
        const w = want
        want = undefined
        w.resolve(got.splice(0, w.count))
      }
    }
    let onClosed!: () => void
    const closedP = new Promise<void>((r) => (onClosed = r))
    socket.on("data", (c: Buffer) => {
      decoder.push(new Uint8Array(c.buffer, c.byteOffset, c.byteLength))
      check()
    })
    socket.on("error", () => {})
    socket.on("close", () => {
      closed = true
      try {
        decoder.end()
      } catch {}
      check()
      want?.reject(new Error(`connection closed after ${got.length} responses`))
      onClosed()
    })
    socket.on("connect", () =>
      resolve({
        send: (text, count = 1, methods = []) =>
          new Promise((res, rej) => {
            for (let i = 0; i < count; i++) decoder.expect(methods[i] ?? "GET")
            want = { count, resolve: res, reject: rej }
            socket.write(typeof text === "string" ? Buffer.from(text, "latin1") : text)
            check()
            if (closed) rej(new Error("closed"))
          }),
        closed: closedP,
        isClosed: () => closed,
        destroy: () => socket.destroy()
      }))
    socket.once("error", reject)
  })

export const get = (path: string, headers: Record<string, string> = {}, host = "test") =>
  `GET ${path} HTTP/1.1\r\nHost: ${host}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n`

export const text = (r: Http1Response) => new TextDecoder().decode(r.body)

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
