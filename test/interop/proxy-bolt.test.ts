// Interop: sofa-rpc-node RpcClient -> Mosaic proxy (Bolt) -> sofa-rpc-node RpcServer, both hessian dialects; Bolt v2 + CRC with sofa-bolt-node's raw codec.
import { test } from "node:test"
import assert from "node:assert/strict"
import { createRequire } from "node:module"
import * as net from "node:net"
import { sleep, sofaBolt, startSofaConsumer, startSofaServer } from "./peers.fixture.ts"
import { startProxy } from "./proxy.fixture.ts"

const require = createRequire(import.meta.url)
const sofaProtocol = require("sofa-bolt-node/lib/protocol") as {
  requestEncode(id: number, req: object, o: object): Uint8Array
  heartbeatEncode(id: number, hb: object, o: object): Uint8Array
}
const boltNode = require("sofa-bolt-node") as { decoder(o?: object): SofaDecoder }
interface SofaPacket {
  packetId: number
  packetType: string
  data?: { appResponse?: unknown; error?: Error }
  options: { boltVersion?: number; crcEnable?: boolean; protocolType?: string }
}
interface SofaDecoder {
  on(ev: string, f: (p: SofaPacket) => void): void
  write(b: Uint8Array, cb?: (e?: Error | null) => void): void
}

const SERVICE = "com.example.EchoService:1.0"
const echoService = {
  info: { interfaceName: "com.example.EchoService" },
  delegate: {
    echo: async (s: string) => s,
    plus: async (a: number, b: number) => a + b,
    boom: async () => { throw new Error("kaboom") },
    slow: async (ms: number) => { await sleep(ms); return ms }
  }
}
const str = (s: string) => ({ $class: "java.lang.String", $: s })
const int = (n: number) => ({ $class: "int", $: n })

/** sofa-bolt-node's Hessian version is process-wide: set it for one test and put the default back. */
const withHessian = async (version: "3.0" | "4.0", body: () => Promise<void>) => {
  sofaBolt.setHessianVersion(version)
  try {
    await body()
  } finally {
    sofaBolt.setHessianVersion("3.0")
  }
}

for (const hessian of ["3.0", "4.0"] as const) {
  test(`sofa-rpc-node RpcClient (hessian ${hessian}, Bolt v1) -> Mosaic proxy -> sofa-rpc-node RpcServer`, async () => {
    await withHessian(hessian, async () => {
      const server = await startSofaServer([echoService])
      const proxy = await startProxy("bolt", `127.0.0.1:${server.publishPort}`, "^com\\.example\\.EchoService:1\\.0$")
      const client = await startSofaConsumer(proxy.port)
      const nope = await startSofaConsumer(proxy.port, "com.example.Nope")
      try {
        const opts = { responseTimeout: 3000 }
        assert.equal(await client.consumer.invoke("echo", [str("hello")], opts), "hello")
        assert.equal(await client.consumer.invoke("plus", [int(1), int(2)], opts), 3)
        await assert.rejects(client.consumer.invoke("boom", [], opts), (e: Error) => e.message.includes("kaboom"))
        await assert.rejects(client.consumer.invoke("nope", [], opts), (e: Error) => e.message.includes(`Can not find method: ${SERVICE}#nope()`))
        // 200 calls in flight, answered out of order, over the proxy's single upstream connection
        const ms = Array.from({ length: 200 }, (_, i) => (i * 7) % 20)
        assert.deepEqual(await Promise.all(ms.map((m) => client.consumer.invoke("slow", [int(m)], opts))), ms)
        // the proxy's own NO_PROCESSOR reply, with its reason, as sofa-rpc-node reports it
        await assert.rejects(nope.consumer.invoke("echo", [str("x")], opts), (e: Error) => e.message.includes("mosaic proxy: no route"))
        assert.equal(proxy.proxy.stats().upstreamConnections, 1)
        assert.deepEqual(proxy.proxy.stats().hijacks, { 404: 1 })
      } finally {
        await client.close()
        await nope.close()
        await proxy.close()
        await server.close()
      }
    })
  })
}

/** A raw socket speaking sofa-bolt-node's codec; resolves each packet by id. */
const rawBoltClient = async (port: number) => {
  const socket = net.connect(port, "127.0.0.1")
  await new Promise<void>((resolve, reject) => { socket.once("connect", () => resolve()); socket.once("error", reject) })
  const decoder = boltNode.decoder({})
  const waiting = new Map<number, (p: SofaPacket) => void>()
  for (const ev of ["response", "heartbeat_ack"]) decoder.on(ev, (p) => waiting.get(p.packetId)?.(p))
  socket.on("data", (c: Buffer) => decoder.write(c))
  return {
    call: (id: number, bytes: Uint8Array) => new Promise<SofaPacket>((resolve) => {
      waiting.set(id, resolve)
      socket.write(bytes)
    }),
    close: () => socket.destroy()
  }
}

for (const hessian of ["3.0", "4.0"] as const) {
  test(`Bolt v2 + CRC (sofa-bolt-node raw codec, hessian ${hessian}) -> Mosaic proxy -> sofa-rpc-node RpcServer; heartbeats answered by the proxy`, async () => {
    await withHessian(hessian, async () => {
      const server = await startSofaServer([echoService])
      const proxy = await startProxy("boltv2", `127.0.0.1:${server.publishPort}`)
      const client = await rawBoltClient(proxy.port)
      try {
        const V2 = { protocolType: "bolt2", codecType: "hessian2", boltVersion: 2, crcEnable: true }
        const req = (s: string) => ({ serverSignature: SERVICE, methodName: "echo", args: [str(s)], timeout: 3000, requestProps: { service: SERVICE } })
        const answers = await Promise.all([1, 2, 3].map((id) => client.call(id, sofaProtocol.requestEncode(id, req(`v2 crc ${id}`), V2))))
        for (const [i, p] of answers.entries()) {
          assert.equal(p.packetId, i + 1)
          assert.deepEqual([p.options.boltVersion, p.options.crcEnable, p.options.protocolType], [2, true, "bolt2"])
          assert.equal(p.data?.appResponse, `v2 crc ${i + 1}`)
        }
        const v1 = await client.call(4, sofaProtocol.requestEncode(4, req("v1 too"), { protocolType: "bolt", codecType: "hessian2", boltVersion: 1 }))
        assert.equal(v1.data?.appResponse, "v1 too")
        const hb = await client.call(5, sofaProtocol.heartbeatEncode(5, {}, V2))
        assert.deepEqual([hb.packetType, hb.packetId], ["heartbeat_ack", 5])
        assert.equal(proxy.proxy.stats().upstreamRequests, 4)
      } finally {
        client.close()
        await proxy.close()
        await server.close()
      }
    })
  })
}
