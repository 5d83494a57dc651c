// Test peers for the X-protocol phase-machine tests: scripted Bolt / Dubbo / TTHeader upstreams, an id-matching client, frame builders.
import * as net from "node:net"
import {
  type BoltFrame, createBoltDecoder, encodeRequest as encodeBolt, encodeResponse as encodeBoltResponse, REQUEST_CLASS, RESPONSE_CLASS
} from "@mosaic/protocol-bolt"
import { createDubboDecoder, type DubboFrame, encodeRequest as encodeDubbo, encodeResponse as encodeDubboResponse } from "@mosaic/protocol-dubbo"
import { createKitexDecoder, encodeFrame as encodeTTHeader, IntKey, type KitexDecoded, payloadMessage } from "@mosaic/protocol-ttheader"
import { decodeDubboRequestBody, decodeSofaRequest, encodeDubboRequestBody, encodeDubboResponseBody, encodeSofaRequest, encodeSofaResponse } from "@mosaic/hessian2"

interface Decoder<F> {
  push(chunk: Uint8Array): unknown
  read(): { frame: F; raw: Uint8Array } | undefined
}

/** What a peer does with a request: answer (bytes), answer later (a promise), or never. */
export type Answer = Uint8Array | Promise<Uint8Array | undefined> | undefined

export interface XPeer<F> {
  readonly address: string
  /** Requests received, decoded (raw bytes in `raws`, same order). */
  readonly seen: Array<F>
  readonly raws: Array<Uint8Array>
  /** Connections accepted so far. */
  accepted: number
  /** Stop listening and destroy every connection (a host that dies). */
  kill(): Promise<void>
  close(): Promise<void>
}

/** A TCP peer on 127.0.0.1:0 that decodes frames and answers each with `answer`. */
export const xPeer = <F>(decoder: () => Decoder<F>, answer: (f: F) => Answer): Promise<XPeer<F>> =>
  new Promise((resolve) => {
    const sockets = new Set<net.Socket>()
    const server = net.createServer((s) => {
      peer.accepted++
      sockets.add(s)
      s.on("close", () => sockets.delete(s))
      s.on("error", () => {})
      const d = decoder()
      s.on("data", (c: Buffer) => {
        d.push(new Uint8Array(c))
        for (let r = d.read(); r !== undefined; r = d.read()) {
          peer.seen.push(r.frame)
          peer.raws.push(r.raw.slice())
          const a = answer(r.frame)
          if (a instanceof Uint8Array) s.write(a)
          else if (a !== undefined) void a.then((b) => void (b !== undefined && !s.destroyed && s.write(b)))
        }
      })
    })
    let closed: Promise<void> | undefined
    const kill = (): Promise<void> =>
      (closed ??= new Promise<void>((r) => {
        for (const s of sockets) s.destroy()
        server.close(() => r())
      }))
    const peer: XPeer<F> = { address: "", seen: [], raws: [], accepted: 0, kill, close: kill }
    server.listen(0, "127.0.0.1", () => {
      Object.assign(peer, { address: `127.0.0.1:${(server.address() as net.AddressInfo).port}` })
      resolve(peer)
    })
  })

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

// ---- Bolt
export const BOLT_SERVICE = "com.example.EchoService:1.0"

/** A SofaRequest echo(arg) with `headers` (service added unless given) and a request timeout. */
export const boltCall = (id: number, arg: string, headers: Record<string, string> = {}, timeout = 3000): Uint8Array =>
  encodeBolt({
    requestId: id, timeout, className: REQUEST_CLASS, headers: { service: BOLT_SERVICE, ...headers },
    content: encodeSofaRequest({ targetServiceUniqueName: BOLT_SERVICE, methodName: "echo", args: [arg] })
  })

export const boltArg = (f: BoltFrame): string => String(decodeSofaRequest(f.content).args[0])

/** A SUCCESS reply to `f` whose value is `value`, with optional response headers. */
export const boltReply = (f: BoltFrame, value: string, headers: Record<string, string> = {}): Uint8Array =>
  encodeBoltResponse({ requestId: f.requestId, className: RESPONSE_CLASS, headers, content: encodeSofaResponse({ appResponse: value }) })

/** Echoes the argument, prefixed with `name` ("name:arg"), after `delayMs`. */
export const boltEchoPeer = (name: string, delayMs = 0): Promise<XPeer<BoltFrame>> =>
  xPeer(createBoltDecoder, (f) => {
    if (f.cmdCode !== 1) return undefined
    const b = boltReply(f, `${name}:${boltArg(f)}`)
    return delayMs > 0 ? sleep(delayMs).then(() => b) : b
  })

// ---- Dubbo
export const DUBBO_SERVICE = "com.example.EchoService"

export const dubboCall = (id: number, arg: string, attachments: Record<string, unknown> = {}): Uint8Array =>
  encodeDubbo({
    requestId: id,
    body: encodeDubboRequestBody({
      dubboVersion: "2.0.2", path: DUBBO_SERVICE, version: "1.0.0", method: "echo", args: [arg],
      attachments: { path: DUBBO_SERVICE, interface: DUBBO_SERVICE, version: "1.0.0", ...attachments }
    })
  })

export const dubboArg = (f: DubboFrame): string => String(decodeDubboRequestBody(f.body).args[0])
export const dubboAttachmentsOf = (f: DubboFrame): Record<string, unknown> => decodeDubboRequestBody(f.body).attachments

export const dubboEchoPeer = (name: string, delayMs = 0): Promise<XPeer<DubboFrame>> =>
  xPeer(createDubboDecoder, (f) => {
    if (f.event || !f.request) return undefined
    const b = dubboReply(f, `${name}:${dubboArg(f)}`)
    return delayMs > 0 ? sleep(delayMs).then(() => b) : b
  })

export const dubboReply = (f: DubboFrame, value: string, attachments?: Record<string, unknown>): Uint8Array =>
  encodeDubboResponse({ requestId: f.requestId, body: encodeDubboResponseBody({ value, ...(attachments === undefined ? {} : { attachments }) }) })

// ---- TTHeader (Thrift binary messages with one string field)
const enc = new TextEncoder()
const u32 = (v: number) => [v >>> 24 & 0xff, v >>> 16 & 0xff, v >>> 8 & 0xff, v & 0xff]

/** A strict binary Thrift message `name` of `type` (1 call, 2 reply) whose struct has string field `fieldId` = `value`. */
export const thrift = (type: number, name: string, seq: number, fieldId: number, value: string): Uint8Array => {
  const n = enc.encode(name)
  const v = enc.encode(value)
  return new Uint8Array([0x80, 0x01, 0, type, ...u32(n.length), ...n, ...u32(seq), 11, 0, fieldId, ...u32(v.length), ...v, 0])
}

/** The string field of a message built by `thrift` (or a TApplicationException's message). */
export const thriftString = (m: Uint8Array): string => {
  const nameLen = (m[4]! << 24) | (m[5]! << 16) | (m[6]! << 8) | m[7]!
  let p = 8 + nameLen + 4 + 3
  const len = (m[p]! << 24) | (m[p + 1]! << 16) | (m[p + 2]! << 8) | m[p + 3]!
  p += 4
  return new TextDecoder().decode(m.subarray(p, p + len))
}

export const ttCall = (seq: number, arg: string, strInfo: Record<string, string> = {}, timeoutMs?: number): Uint8Array =>
  encodeTTHeader({
    seqId: seq,
    intInfo: { [IntKey.ToService]: "Echo", [IntKey.ToMethod]: "echo", ...(timeoutMs === undefined ? {} : { [IntKey.RPCTimeout]: String(timeoutMs) }) },
    strInfo,
    payload: thrift(1, "echo", seq, 1, arg)
  })

export const ttPayload = (f: KitexDecoded): Uint8Array => (f.kind === "ttheader" || f.kind === "theader" ? f.frame.payload : f.raw)
export const ttArg = (f: KitexDecoded): string => thriftString(ttPayload(f))
export const ttSeq = (f: KitexDecoded): number => payloadMessage(ttPayload(f))?.seqId ?? -1

export const ttReply = (f: KitexDecoded, value: string, strInfo: Record<string, string> = {}): Uint8Array => {
  const seq = ttSeq(f)
  return encodeTTHeader({ seqId: seq, intInfo: { [IntKey.MsgType]: "2" }, strInfo, payload: thrift(2, "echo", seq, 0, value) })
}

/** The Kitex decoder yields the decoded frame itself (it carries `raw`). */
export const kitexDecoder = (): Decoder<KitexDecoded> => {
  const d = createKitexDecoder()
  return {
    push: (c) => d.push(c),
    read: () => {
      const f = d.read()
      return f === undefined ? undefined : { frame: f, raw: f.raw }
    }
  }
}

export const ttEchoPeer = (name: string, delayMs = 0): Promise<XPeer<KitexDecoded>> =>
  xPeer(kitexDecoder, (f) => {
    const b = ttReply(f, `${name}:${ttArg(f)}`)
    return delayMs > 0 ? sleep(delayMs).then(() => b) : b
  })

// ---- a client matching answers to requests by id
export interface RpcClient<F> {
  /** Send `bytes` (a request with `id`); resolves with the answer to that id. */
  call(bytes: Uint8Array, id: number): Promise<F>
  send(bytes: Uint8Array): void
  /** Frames that matched no call. */
  readonly stray: Array<F>
  destroy(): void
}

export const rpcClient = <F>(port: number, decoder: Decoder<F>, idOf: (f: F) => number): Promise<RpcClient<F>> =>
  new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1")
    const waiting = new Map<number, { resolve: (f: F) => void; reject: (e: Error) => void }>()
    const stray: Array<F> = []
    socket.on("data", (c: Buffer) => {
      decoder.push(new Uint8Array(c))
      for (let r = decoder.read(); r !== undefined; r = decoder.read()) {
        const w = waiting.get(idOf(r.frame))
        if (w === undefined) stray.push(r.frame)
        else {
          waiting.delete(idOf(r.frame))
          w.resolve(r.frame)
        }
      }
    })
    socket.on("close", () => {
      for (const w of waiting.values()) w.reject(new Error("connection closed"))
      waiting.clear()
    })
    socket.once("error", reject)
    socket.on("connect", () => {
      socket.on("error", () => {})
      resolve({
        call: (bytes, id) =>
          new Promise<F>((res, rej) => {
            waiting.set(id, { resolve: res, reject: rej })
            socket.write(bytes)
          }),
        send: (bytes) => void socket.write(bytes),
        stray,
        destroy: () => socket.destroy()
      })
    })
  })

export const boltRpc = (port: number) => rpcClient(port, createBoltDecoder(), (f: BoltFrame) => f.requestId)
export const dubboRpc = (port: number) => rpcClient(port, createDubboDecoder(), (f: DubboFrame) => f.requestId)
export const ttRpc = (port: number) => rpcClient(port, kitexDecoder(), ttSeq)

/** One listener (protocol `downstream`, optional stream_filters), one virtual host with `routers`, and `clusters`. */
export const xListenerConfig = (downstream: string, routers: Array<unknown>, clusters: Array<unknown>, streamFilters?: Array<unknown>) => ({
  listeners: [{
    name: "x",
    address: "127.0.0.1:0",
    ...(streamFilters === undefined ? {} : { stream_filters: streamFilters }),
    filter_chains: [{ filters: [{ type: "proxy", config: { downstream_protocol: downstream, upstream_protocol: "Auto", router_config_name: "r" } }] }]
  }],
  routers: [{ router_config_name: "r", virtual_hosts: [{ name: "vh", domains: ["*"], routers }] }],
  cluster_manager: { clusters }
})
