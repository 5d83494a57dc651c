// Gateway test fixture: upstreams of every protocol (HTTP/1, sofa Bolt, sofa Dubbo, a TTHeader echo, an h2 echo) and a gateway config for them.
import * as http from "node:http"
import * as http2 from "node:http2"
import * as net from "node:net"
import { createRequire } from "node:module"
import { create } from "@bufbuild/protobuf"
import { anyPack, anyUnpack, StringValueSchema } from "@bufbuild/protobuf/wkt"
import { connectNodeAdapter } from "@connectrpc/connect-node"
import { Runtime, runtimeJsonRegistry } from "@mosaic/proto"
import { createTTHeaderDecoder, encodeFrame, IntKey, MsgType, payloadMessage } from "@mosaic/protocol-ttheader"
import { dubboRemoting, sleep, startSofaServer } from "../interop/peers.fixture.ts"

export const BOLT_SERVICE = "com.example.EchoService"
export const DUBBO_SERVICE = "com.example.DubboEcho"

const enc = new TextEncoder()
const u32 = (n: number) => [n >>> 24 & 255, n >>> 16 & 255, n >>> 8 & 255, n & 255]
const str = (s: string) => [...u32(enc.encode(s).length), ...enc.encode(s)]

/** A Thrift binary message: `type` 1 call / 2 reply, one string field (id 1 in a call's args, 0 = success in a reply). */
export const thriftMessage = (type: number, name: string, seqId: number, field: number, value: string): Uint8Array =>
  Uint8Array.from([0x80, 0x01, 0x00, type, ...str(name), ...u32(seqId), 11, 0, field, ...str(value), 0])

/** The string field of a Thrift reply / call (the first string after the head). */
export const thriftString = (message: Uint8Array): string => {
  const head = payloadMessage(message)!
  const p = head.bodyOffset + 3
  const n = (message[p]! << 24) | (message[p + 1]! << 16) | (message[p + 2]! << 8) | message[p + 3]!
  return new TextDecoder().decode(message.subarray(p + 4, p + 4 + n))
}

const listen = (server: net.Server): Promise<number> =>
  new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)))

/** A Kitex-like TTHeader server: answers each call `tt:<method>:<arg>` with the call's seqid (after `delayMs`). */
export const startTTHeaderEcho = async (delayMs = 0) => {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
    socket.on("error", () => {})
    const d = createTTHeaderDecoder()
    socket.on("data", async (chunk) => {
      d.push(chunk)
      for (const { frame } of d) {
        const m = payloadMessage(frame.payload)!
        const reply = thriftMessage(2, m.name, m.seqId, 0, `tt:${m.name}:${thriftString(frame.payload)}`)
        if (delayMs > 0) await sleep(delayMs)
        socket.write(encodeFrame({ seqId: frame.seqId, intInfo: { [IntKey.MsgType]: MsgType.Reply }, payload: reply }))
      }
    })
  })
  const port = await listen(server)
  return { port, close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()) }) }
}

export const startHttpEcho = async () => {
  const server = http.createServer((req, res) => {
    let body = ""
    req.on("data", (c) => (body += c))
    req.on("end", () => res.end(`http:${req.method} ${req.url} ${body}`))
  })
  const port = await listen(server)
  return { port, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()) }) }
}

export const startH2Echo = async () => {
  const server = http2.createServer()
  server.on("stream", (stream, headers) => {
    stream.respond({ ":status": 200, "x-upstream": "h2" })
    stream.end(`h2:${headers[":path"]}`)
  })
  const sessions = new Set<http2.ServerHttp2Session>()
  server.on("session", (s) => { sessions.add(s); s.on("close", () => sessions.delete(s)) })
  const port = await listen(server as unknown as net.Server)
  return { port, close: () => new Promise<void>((r) => { for (const s of sessions) s.destroy(); server.close(() => r()) }) }
}

/**
 * A small connect-node Runtime service on h2c (an upstream for the h2 proxy mode): InvokeService answers
 * `up:<id>:<method>:<StringValue text>` as a *typed* Any (StringValue, so JSON printers such as `buf curl`
 * can show it), SayHello `up, <name>`.
 */
export const startConnectRuntime = async () => {
  const handler = connectNodeAdapter({
    routes: (router) => router.service(Runtime, {
      invokeService: (req) => {
        const arg = req.message?.data === undefined ? undefined : anyUnpack(req.message.data, StringValueSchema)
        const value = `up:${req.id}:${req.message?.method ?? ""}:${arg?.value ?? ""}`
        return { data: anyPack(StringValueSchema, create(StringValueSchema, { value })), contentType: "text/plain" }
      },
      sayHello: (req) => ({ hello: `up, ${req.name}` })
    }),
    jsonOptions: { registry: runtimeJsonRegistry }
  })
  const server = http2.createServer(handler)
  const sessions = new Set<http2.ServerHttp2Session>()
  server.on("session", (s) => { sessions.add(s); s.on("close", () => sessions.delete(s)) })
  const port = await listen(server as unknown as net.Server)
  return { port, close: () => new Promise<void>((r) => { for (const s of sessions) s.destroy(); server.close(() => r()) }) }
}

export const startUpstreams = async () => {
  const bolt = await startSofaServer([{ info: { interfaceName: BOLT_SERVICE }, delegate: { echo: async (s: string) => `bolt:${s}` } }])
  const dubbo = await startSofaServer([{ info: { interfaceName: DUBBO_SERVICE, version: "1.0.0" }, delegate: { echo: async (s: string) => `dubbo:${s}` } }], dubboRemoting)
  const tt = await startTTHeaderEcho()
  const web = await startHttpEcho()
  const h2 = await startH2Echo()
  return {
    bolt: bolt.publishPort, dubbo: dubbo.publishPort, tt: tt.port, http: web.port, h2: h2.port,
    close: async () => { await Promise.all([bolt.close(), dubbo.close(), tt.close(), web.close(), h2.close()]) }
  }
}

export interface GatewayConfigOptions {
  readonly detect?: Record<string, unknown>
  readonly limits?: Record<string, unknown>
  /** More router rules, tried after the service rules and before the catch-all `prefix: "/"`. */
  readonly routes?: ReadonlyArray<object>
  /** More clusters (for `routes`, or `http2.cluster`). */
  readonly clusters?: ReadonlyArray<object>
  /** The cluster the `gateway_h2proxy` listener forwards h2 streams to (default `h2_up`). */
  readonly h2ProxyCluster?: string
  /** The `gateway` listener's own `stream_filters` (MOSN puts them on the listener). */
  readonly streamFilters?: ReadonlyArray<object>
  /** Add Layotto's `grpc` listener with these ingress settings (e.g. `typed_any`); its invoker serves the h2 hand-off. */
  readonly ingress?: Record<string, unknown>
}

/** A Layotto/MOSN-shaped gateway config: Auto listener `gateway` (h2 = Runtime API) and `gateway_h2proxy` (h2 proxied). */
export const gatewayConfig = (up: { bolt: number; dubbo: number; tt: number; http: number; h2: number }, o: GatewayConfigOptions = {}) => {
  const proxyFilter = (http2: object) => ({
    type: "proxy",
    config: { downstream_protocol: "Auto", router_config_name: "gateway_router", detect: { max_bytes: 64, timeout: "300ms", ...o.detect }, http2, ...(o.limits === undefined ? {} : { limits: o.limits }) }
  })
  return {
    servers: [{
      routers: [{
        router_config_name: "gateway_router",
        virtual_hosts: [{
          name: "all", domains: ["*"],
          routers: [
            { match: { headers: [{ name: "service", value: `^${BOLT_SERVICE}:1\\.0$`, regex: true }] }, route: { cluster_name: "bolt_up", timeout: "3s" } },
            { match: { headers: [{ name: "service", value: `^${DUBBO_SERVICE}$`, regex: true }] }, route: { cluster_name: "dubbo_up", timeout: "3s" } },
            { match: { headers: [{ name: "service", value: "Echo" }] }, route: { cluster_name: "thrift_up", timeout: "3s" } },
            ...(o.routes ?? []),
            { match: { prefix: "/" }, route: { cluster_name: "http_up", timeout: "3s" } }
          ]
        }]
      }],
      listeners: [
        {
          name: "gateway", address: "127.0.0.1:0", bind_port: true, filter_chains: [{ filters: [proxyFilter({ mode: "runtime" })] }],
          ...(o.streamFilters === undefined ? {} : { stream_filters: o.streamFilters })
        },
        { name: "gateway_h2proxy", address: "127.0.0.1:0", bind_port: true, filter_chains: [{ filters: [proxyFilter({ mode: "proxy", cluster: o.h2ProxyCluster ?? "h2_up" })] }] },
        ...(o.ingress === undefined ? [] : [{
          name: "grpc", address: "127.0.0.1:0", bind_port: false,
          filter_chains: [{ filters: [{ type: "grpc", config: {
            server_name: "runtime", ...o.ingress,
            grpc_config: { rpcs: { mosn: { type: "mosn", config: { channel: [{ size: 4, protocol: "http", listener: "gateway" }] } } } }
          } }] }]
        }])
      ]
    }],
    cluster_manager: {
      clusters: [
        { name: "bolt_up", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: `127.0.0.1:${up.bolt}` }] },
        { name: "dubbo_up", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: `127.0.0.1:${up.dubbo}` }] },
        { name: "thrift_up", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: `127.0.0.1:${up.tt}` }] },
        { name: "http_up", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: `127.0.0.1:${up.http}` }] },
        { name: "h2_up", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: `127.0.0.1:${up.h2}` }] },
        ...(o.clusters ?? [])
      ]
    }
  }
}

interface ThriftTransport { flush(): void }
interface ThriftLib {
  TBinaryProtocol: new (t: ThriftTransport) => {
    writeMessageBegin(name: string, type: number, seq: number): void
    writeStructBegin(name: string): void
    writeFieldBegin(name: string, type: number, id: number): void
    writeString(s: string): void
    writeFieldEnd(): void
    writeFieldStop(): void
    writeStructEnd(): void
    writeMessageEnd(): void
  }
  TFramedTransport: new (buf: undefined, onFlush: (msg: Uint8Array) => void) => ThriftTransport
  TBufferedTransport: new (buf: undefined, onFlush: (msg: Uint8Array) => void) => ThriftTransport
  Thrift: { MessageType: { CALL: number }; Type: { STRING: number } }
}
const thrift = createRequire(import.meta.url)("thrift") as ThriftLib

/** A call `method(arg)` written by the `thrift` npm package (TBinaryProtocol), framed or buffered. */
export const thriftNpmCall = (method: string, seqId: number, arg: string, framing: "framed" | "buffered"): Uint8Array => {
  let out: Uint8Array | undefined
  const Transport = framing === "framed" ? thrift.TFramedTransport : thrift.TBufferedTransport
  const trans = new Transport(undefined, (m) => void (out = Uint8Array.from(m)))
  const p = new thrift.TBinaryProtocol(trans)
  p.writeMessageBegin(method, thrift.Thrift.MessageType.CALL, seqId)
  p.writeStructBegin(`${method}_args`)
  p.writeFieldBegin("msg", thrift.Thrift.Type.STRING, 1)
  p.writeString(arg)
  p.writeFieldEnd()
  p.writeFieldStop()
  p.writeStructEnd()
  p.writeMessageEnd()
  trans.flush()
  return out!
}

/** A raw TTHeader client on one socket: `call(method, arg)` resolves the reply's string (seqids matched). */
export const ttheaderClient = async (port: number, options: { dribble?: boolean; service?: string; framing?: "framed" | "buffered" } = {}) => {
  const socket = net.connect(port, "127.0.0.1")
  socket.setNoDelay(true)
  await new Promise<void>((r, j) => { socket.once("connect", () => r()); socket.once("error", j) })
  const waiting = new Map<number, (v: { text: string; type: number }) => void>()
  const d = createTTHeaderDecoder()
  socket.on("data", (c) => {
    d.push(c)
    for (const { frame } of d) {
      const m = payloadMessage(frame.payload)!
      waiting.get(m.seqId)?.({ text: thriftString(frame.payload), type: m.type })
      waiting.delete(m.seqId)
    }
  })
  socket.on("error", () => {})
  let seq = 100
  return {
    socket,
    call: async (method: string, arg: string) => {
      const id = seq++
      const frame = encodeFrame({ seqId: id, intInfo: { [IntKey.ToService]: options.service ?? "Echo", [IntKey.ToMethod]: method }, payload: thriftNpmCall(method, id, arg, options.framing ?? "buffered") })
      const reply = new Promise<{ text: string; type: number }>((r) => waiting.set(id, r))
      if (options.dribble === true) {
        for (const b of frame) {
          socket.write(Uint8Array.of(b))
          await sleep(1)
        }
      } else socket.write(frame)
      return reply
    },
    close: () => socket.destroy()
  }
}
