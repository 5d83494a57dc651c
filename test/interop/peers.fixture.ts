// Interop fixtures: npm peers (sofa-rpc-node, dubbo-remoting, dubbo2.js) on 127.0.0.1, and Mosaic channels from config.
import { createRequire } from "node:module"
import * as net from "node:net"
import { Effect, Layer } from "effect"
import { makeRegistry, type Plugin, startMain } from "@mosaic/kernel"
import { type Channel, ChannelKind, type RpcRequest } from "@mosaic/rpc"
import { PipeListeners } from "@mosaic/transport"
import * as NodeTransport from "@mosaic/transport-node"

// Sub-modules, not the packages' main files: sofa-rpc-node's index loads its ZooKeeper registry, whose
// logger dependency (ylru) exports TypeScript under the "source" condition that Node cannot strip.
const require = createRequire(import.meta.url)
export const sofaServer = require("sofa-rpc-node/lib/server") as { RpcServer: new (o: object) => SofaRpcServer }
export const sofaClient = require("sofa-rpc-node/lib/client") as { RpcClient: new (o: object) => SofaRpcClient }
export const sofaBolt = require("sofa-bolt-node") as { setHessianVersion(v: string): void }
export const dubboRemoting = require("dubbo-remoting") as object
export const dubbo2 = require("dubbo2.js") as { DirectlyDubbo: { from(o: object): DirectlyDubbo }; java: { String(s: string): unknown } }

export interface SofaRpcServer {
  publishPort: number
  addService(info: object, delegate: Record<string, (...a: Array<any>) => Promise<unknown>>): void
  start(): Promise<void>
  ready(): Promise<void>
  close(): Promise<void>
}
export interface SofaRpcClient {
  createConsumer(o: object): { ready(): Promise<void>; invoke(method: string, args: Array<unknown>, o?: object): Promise<unknown> }
  close(): Promise<void>
}
export interface DirectlyDubbo {
  proxyService(o: object): Record<string, (...a: Array<unknown>) => Promise<{ res: unknown; err: Error | null }>>
}

export const quietLogger = { info() {}, warn() {}, error() {}, debug() {} }
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * sofa-rpc-node calls `server.listen(port)` with no host (all interfaces). While `start` runs, a call
 * with a port and no host binds 127.0.0.1 instead; the original method is restored afterwards.
 */
export const withLoopbackListen = async <A>(start: () => Promise<A>): Promise<A> => {
  const proto = net.Server.prototype as unknown as { listen: (...a: Array<unknown>) => unknown }
  const original = proto.listen
  proto.listen = function (this: unknown, ...args: Array<unknown>) {
    if (typeof args[0] === "number" && (args.length === 1 || typeof args[1] === "function")) args.splice(1, 0, "127.0.0.1")
    return original.apply(this, args)
  }
  try {
    return await start()
  } finally {
    proto.listen = original
  }
}

/** A sofa-rpc-node RpcServer (Bolt, or Dubbo with `protocol: dubboRemoting`) on 127.0.0.1, port 0. */
export const startSofaServer = async (
  services: ReadonlyArray<{ info: object; delegate: Record<string, (...a: Array<any>) => Promise<unknown>> }>,
  protocol?: object
): Promise<SofaRpcServer> => {
  const server = new sofaServer.RpcServer({ logger: quietLogger, port: 0, ...(protocol === undefined ? {} : { protocol }) })
  for (const s of services) server.addService(s.info, s.delegate)
  await withLoopbackListen(async () => {
    await server.start()
    await server.ready()
  })
  return server
}

/** A sofa-rpc-node consumer connected straight to `port` (short fault-retry sleep so the process can exit). */
export const startSofaConsumer = async (port: number, interfaceName = "com.example.EchoService") => {
  const client = new sofaClient.RpcClient({ logger: quietLogger })
  const consumer = client.createConsumer({ interfaceName, serverHost: `127.0.0.1:${port}`, retryFaultInterval: 100 })
  await consumer.ready()
  return { consumer, close: () => client.close() }
}

/** A dubbo2.js direct client; `close` stops its reconnects and heartbeat timer (it has no close of its own). */
export const startDubbo2 = (port: number) => {
  const dubbo = dubbo2.DirectlyDubbo.from({ dubboAddress: `127.0.0.1:${port}`, dubboVersion: "2.0.2", dubboInvokeTimeout: 3 })
  return {
    dubbo,
    close: () => {
      const w = (dubbo as unknown as { _socketWorker: { _retry: number; _heartBeatTimer: unknown; _socket: net.Socket } })._socketWorker
      w._retry = 0
      clearInterval(w._heartBeatTimer as ReturnType<typeof setInterval>)
      w._socket.destroy()
    }
  }
}

const layers = Layer.mergeAll(NodeTransport.layer, PipeListeners.layer)

/** A channel built from Layotto-shaped config through the registry, as the invoker builds it. */
export const openChannel = async (plugin: Plugin, config: Record<string, unknown>) => {
  const running = await startMain(Effect.gen(function*() {
    const registry = yield* makeRegistry([plugin])
    return yield* registry.instantiate(ChannelKind, { protocol: plugin.name, config }, "channel[0]")
  }), layers)
  return {
    channel: running.value as Channel & { stats(): { connections: number; inFlight: number } },
    close: running.close
  }
}

export const enc = (s: string) => new TextEncoder().encode(s)
export const dec = (b: Uint8Array) => new TextDecoder().decode(b)

export const jsonRequest = (id: string, body: unknown, timeoutMs = 3000, header: Record<string, string> = {}): RpcRequest => ({
  id, method: "", contentType: "application/json", header, data: enc(JSON.stringify(body)),
  timeoutMs, deadline: Date.now() + timeoutMs, signal: AbortSignal.timeout(timeoutMs)
})

export const rawRequest = (id: string, data: Uint8Array, header: Record<string, string> = {}, timeoutMs = 3000): RpcRequest => ({
  id, method: "", contentType: "", header, data, timeoutMs, deadline: Date.now() + timeoutMs, signal: AbortSignal.timeout(timeoutMs)
})

/** A raw TCP client (for bad frames): resolves `closed` when the server drops it. */
export const rawSocket = async (port: number) => {
  const socket = net.connect({ host: "127.0.0.1", port })
  await new Promise<void>((resolve, reject) => { socket.once("connect", () => resolve()); socket.once("error", reject) })
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()))
  socket.on("error", () => {})
  return { socket, closed }
}
