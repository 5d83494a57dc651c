// Test harness for the Bolt/Dubbo proxy: raw frame clients over TCP, request builders, one-listener configs.
import * as net from "node:net"
import { type BoltFrame, createBoltDecoder, encodeRequest as encodeBolt, REQUEST_CLASS } from "@mosaic/protocol-bolt"
import { createDubboDecoder, type DubboFrame, encodeRequest as encodeDubbo } from "@mosaic/protocol-dubbo"
import { type Dialect, encodeDubboRequestBody, encodeSofaRequest } from "@mosaic/hessian2"

export interface FrameClient<F> {
  /** Write raw bytes. */
  send(bytes: Uint8Array): void
  /** Resolves with the next `count` frames received (in arrival order). */
  next(count?: number): Promise<Array<F>>
  /** Frames received and not yet taken by `next`. */
  readonly received: Array<F>
  /** Resolves when the server closed the connection. */
  readonly closed: Promise<void>
  isClosed(): boolean
  destroy(): void
}

const raws = new WeakMap<object, Uint8Array>()
/** The wire bytes of a frame a FrameClient received. */
export const rawOf = (frame: object): Uint8Array => raws.get(frame)!

const frameClient = <F extends object>(port: number, decoder: { push(c: Uint8Array): unknown; read(): { frame: F; raw: Uint8Array } | undefined }): Promise<FrameClient<F>> =>
  new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1")
    const received: Array<F> = []
    let want: { count: number; resolve: (f: Array<F>) => void; reject: (e: Error) => void } | undefined
    let closed = false
    const check = () => {
      if (want !== undefined && received.length >= want.count) {
        const w = want
        want = undefined
        w.resolve(received.splice(0, w.count))
      }
    }
    let onClosed!: () => void
    const closedP = new Promise<void>((r) => (onClosed = r))
    socket.on("data", (c: Buffer) => {
      // copy: frames are views into the chunk and the runtime may reuse its buffer
      decoder.push(new Uint8Array(c))
      for (let d = decoder.read(); d !== undefined; d = decoder.read()) {
        raws.set(d.frame, d.raw)
        received.push(d.frame)
      }
      check()
    })
    socket.on("error", () => {})
    socket.on("close", () => {
      closed = true
      want?.reject(new Error(`connection closed with ${received.length} frames received`))
      want = undefined
      onClosed()
    })
    socket.once("error", reject)
    socket.on("connect", () =>
      resolve({
        send: (bytes) => void socket.write(bytes),
        next: (count = 1) =>
          new Promise((res, rej) => {
            want = { count, resolve: res, reject: rej }
            check()
            if (closed && want !== undefined) rej(new Error("closed"))
          }),
        received,
        closed: closedP,
        isClosed: () => closed,
        destroy: () => socket.destroy()
      }))
  })

export const boltClient = (port: number): Promise<FrameClient<BoltFrame>> => frameClient(port, createBoltDecoder())
export const dubboClient = (port: number): Promise<FrameClient<DubboFrame>> => frameClient(port, createDubboDecoder())

export interface SofaCall {
  readonly service?: string
  readonly method?: string
  readonly args?: ReadonlyArray<unknown>
  /** Header map; default { service }. */
  readonly headers?: Record<string, string>
  readonly dialect?: Dialect
  readonly protocol?: 1 | 2
  readonly crc?: boolean
  readonly oneway?: boolean
  readonly timeout?: number
}

/** A SofaRequest frame as sofa-rpc-node writes it. */
export const sofaRequest = (id: number, call: SofaCall = {}): Uint8Array => {
  const service = call.service ?? "com.example.EchoService:1.0"
  const content = encodeSofaRequest({ targetServiceUniqueName: service, methodName: call.method ?? "echo", args: call.args ?? ["hello"] }, { dialect: call.dialect ?? "draft" })
  return encodeBolt({
    requestId: id,
    protocol: call.protocol ?? 1,
    ...(call.crc === true ? { crc: true } : {}),
    type: call.oneway === true ? 2 : 1,
    timeout: call.timeout ?? 3000,
    className: REQUEST_CLASS,
    headers: call.headers ?? { service },
    content
  })
}

export interface DubboCall {
  readonly path?: string
  readonly version?: string | null
  readonly method?: string
  readonly argTypes?: ReadonlyArray<string>
  readonly args?: ReadonlyArray<unknown>
  readonly attachments?: Record<string, unknown>
  readonly oneway?: boolean
}

/** A Dubbo request frame (hessian2 body, dubbo 2.0.2) with path/interface/version attachments unless given. */
export const dubboRequest = (id: number, call: DubboCall = {}): Uint8Array => {
  const path = call.path ?? "com.example.EchoService"
  const version = call.version === undefined ? "1.0.0" : call.version
  const body = encodeDubboRequestBody({
    dubboVersion: "2.0.2", path, version, method: call.method ?? "echo",
    ...(call.argTypes === undefined ? {} : { argTypes: call.argTypes }),
    args: call.args ?? ["hello"],
    attachments: call.attachments ?? { path, interface: path, ...(version === null ? {} : { version }) }
  })
  return encodeDubbo({ requestId: id, body, twoWay: call.oneway !== true })
}

/** A one-listener config for `protocol` (downstream_protocol as given, e.g. "bolt" or "X" + sub_protocol). */
export const xConfig = (
  protocol: { downstream: string; upstream?: string; sub?: string },
  routers: Array<unknown>,
  clusters: Array<unknown>
) => ({
  listeners: [{
    name: "x_listener",
    address: "127.0.0.1:0",
    bind_port: true,
    filter_chains: [{
      filters: [{
        type: "proxy",
        config: {
          downstream_protocol: protocol.downstream,
          upstream_protocol: protocol.upstream ?? "Auto",
          router_config_name: "r",
          ...(protocol.sub === undefined ? {} : { extend_config: { sub_protocol: protocol.sub } })
        }
      }]
    }]
  }],
  routers: [{ router_config_name: "r", virtual_hosts: [{ name: "vh", domains: ["*"], routers }] }],
  cluster_manager: { clusters }
})

/** A cluster with the given upstream addresses. */
export const cluster = (name: string, addresses: ReadonlyArray<string>, extra: Record<string, unknown> = {}) =>
  ({ name, type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: addresses.map((address) => ({ address })), ...extra })

/** A route matching all `headers` (name -> value) to `clusterName`. */
export const route = (clusterName: string, headers: Record<string, string> = {}, extra: Record<string, unknown> = {}) =>
  ({ match: { headers: Object.entries(headers).map(([name, value]) => ({ name, value })) }, route: { cluster_name: clusterName, ...extra } })

/** A TCP port with nothing listening (bound, then released). */
export const deadPort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = net.createServer()
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(port))
    })
  })
