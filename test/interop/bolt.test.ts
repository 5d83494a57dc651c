// Interop: Mosaic's bolt/boltv2 channels against sofa-rpc-node's RpcServer, and sofa-rpc-node's RpcClient against Mosaic's Bolt server.
import { test } from "node:test"
import assert from "node:assert/strict"
import { Code } from "@mosaic/kernel"
import type { RpcError } from "@mosaic/rpc"
import { boltChannelPlugin, boltV2ChannelPlugin } from "@mosaic/channel-bolt"
import { decodeSofaResponse, encodeSofaRequest, java } from "@mosaic/hessian2"
import { createBoltServer } from "@mosaic/rpc-server"
import { EchoServiceUniqueName, startBoltEchoService } from "@mosaic/demo-services"
import {
  dec, enc, jsonRequest, openChannel, rawRequest, rawSocket, sleep, sofaBolt, startSofaConsumer, startSofaServer
} from "./peers.fixture.ts"

const SERVICE = EchoServiceUniqueName
const SOFA_REQUEST = "com.alipay.sofa.rpc.core.request.SofaRequest"
const echoService = {
  info: { interfaceName: "com.example.EchoService" },
  delegate: {
    echo: async (s: string) => s,
    plus: async (a: number, b: number) => a + b,
    boom: async () => { throw new Error("kaboom") },
    slow: async () => { await sleep(1000); return "late" }
  }
}

/** sofa-bolt-node's Hessian version is process-wide: set it for one test and put the default back. */
const withHessian = async (version: "3.0" | "4.0", body: () => Promise<void>) => {
  sofaBolt.setHessianVersion(version)
  try {
    await body()
  } finally {
    sofaBolt.setHessianVersion("3.0")
  }
}

for (const [hessian, protocol, crc] of [["3.0", "bolt", false], ["4.0", "bolt", false], ["3.0", "boltv2", true], ["4.0", "boltv2", false]] as const) {
  test(`${protocol}${crc ? "+crc" : ""} JSON, hessian ${hessian}: Mosaic channel -> sofa-rpc-node RpcServer`, async () => {
    await withHessian(hessian, async () => {
      const server = await startSofaServer([echoService])
      const { channel, close } = await openChannel(protocol === "bolt" ? boltChannelPlugin : boltV2ChannelPlugin, {
        listener: `127.0.0.1:${server.publishPort}`, size: 2, ext: { class: SOFA_REQUEST }, hessian_version: hessian, ...(crc ? { crc: true } : {})
      })
      try {
        const echo = await channel.do(jsonRequest(SERVICE, { method: "echo", argTypes: ["java.lang.String"], args: ["hello"] }))
        assert.equal(dec(echo.data), '"hello"')
        assert.equal(echo.contentType, "application/json")
        const plus = await channel.do(jsonRequest(SERVICE, { method: "plus", args: [{ $class: "int", $: 1 }, 2] }))
        assert.equal(dec(plus.data), "3")
        await assert.rejects(channel.do(jsonRequest(SERVICE, { method: "boom", args: [] })), (e: RpcError) =>
          e.code === Code.UNKNOWN && e.message === "Error: kaboom" && e.metadata?.["bolt-status"] === "2")
        await assert.rejects(channel.do(jsonRequest(SERVICE, { method: "nope", args: [] })), (e: RpcError) =>
          e.code === Code.UNKNOWN && e.message.includes(`Can not find method: ${SERVICE}#nope()`))
      } finally {
        await close()
        await server.close()
      }
    })
  })
}

test("bolt raw (Layotto): serialized SofaRequest in, SofaResponse bytes out, against sofa-rpc-node", async () => {
  const server = await startSofaServer([echoService])
  const { channel, close } = await openChannel(boltChannelPlugin, { listener: `127.0.0.1:${server.publishPort}`, ext: { class: SOFA_REQUEST } })
  try {
    const content = encodeSofaRequest({ targetServiceUniqueName: SERVICE, methodName: "echo", args: [java.String("raw hello")] })
    const r = await channel.do(rawRequest(SERVICE, content, { service: SERVICE }))
    assert.equal(r.contentType, "")
    assert.equal(decodeSofaResponse(r.data).appResponse, "raw hello")
    const missing = encodeSofaRequest({ targetServiceUniqueName: SERVICE, methodName: "nope", args: [] })
    await assert.rejects(channel.do(rawRequest(SERVICE, missing, { service: SERVICE })), (e: RpcError) =>
      e.code === Code.UNAVAILABLE && e.message === "bolt error code 2")
  } finally {
    await close()
    await server.close()
  }
})

test("bolt: deadline is DEADLINE_EXCEEDED at the deadline; heartbeats to sofa-rpc-node keep the connection", async () => {
  const server = await startSofaServer([echoService])
  const { channel, close } = await openChannel(boltChannelPlugin, {
    listener: `127.0.0.1:${server.publishPort}`, ext: { class: SOFA_REQUEST }, heartbeat_interval_ms: 30, heartbeat_timeout_ms: 200, heartbeat_max_failures: 2
  })
  try {
    const t0 = Date.now()
    await assert.rejects(channel.do(jsonRequest(SERVICE, { method: "slow", args: [] }, 150)), (e: RpcError) => e.code === Code.DEADLINE_EXCEEDED)
    const took = Date.now() - t0
    assert.ok(took >= 140 && took < 900, `took ${took} ms`)
    // Unacked heartbeats would close the connection after ~2 x (30 + 200) ms.
    await sleep(700)
    assert.deepEqual(channel.stats(), { connections: 1, inFlight: 0 })
    assert.equal(dec((await channel.do(jsonRequest(SERVICE, { method: "echo", args: ["still"] }))).data), '"still"')
  } finally {
    await close()
    await server.close()
  }
})

for (const hessian of ["3.0", "4.0"] as const) {
  test(`sofa-rpc-node RpcClient (hessian ${hessian}) -> Mosaic Bolt server (demo EchoService)`, async () => {
    await withHessian(hessian, async () => {
      const server = await startBoltEchoService()
      const client = await startSofaConsumer(server.port)
      try {
        assert.equal(await client.consumer.invoke("echo", [{ $class: "java.lang.String", $: "hello" }], { responseTimeout: 3000 }), "hello")
        assert.equal(await client.consumer.invoke("plus", [{ $class: "int", $: 1 }, { $class: "int", $: 2 }], { responseTimeout: 3000 }), 3)
        await assert.rejects(client.consumer.invoke("nope", [], { responseTimeout: 3000 }), (e: Error) => e.message.includes(`Can not find method: ${SERVICE}#nope()`))
      } finally {
        await client.close()
        await server.close()
      }
    })
  })
}

test("sofa-rpc-node RpcClient sees a Mosaic handler's exception; a bad frame closes only its own connection", async () => {
  const logs: Array<string> = []
  const server = await createBoltServer({ services: { [SERVICE]: { boom: async () => { throw new Error("kaboom") }, echo: async (s: string) => s } }, log: (m) => logs.push(m) })
  const client = await startSofaConsumer(server.port)
  try {
    await assert.rejects(client.consumer.invoke("boom", [], { responseTimeout: 3000 }), (e: Error) => e.message.includes("kaboom"))
    const bad = await rawSocket(server.port)
    bad.socket.write(enc("this is not bolt at all, not even close"))
    await bad.closed
    assert.match(logs[0] ?? "", /bolt server: closing connection from 127\.0\.0\.1:\d+: bad frame \(UnknownProtocol\)/)
    assert.equal(await client.consumer.invoke("echo", [{ $class: "java.lang.String", $: "alive" }], { responseTimeout: 3000 }), "alive")
  } finally {
    await client.close()
    await server.close()
  }
})

test("bolt: a connection that dies with 100 calls in flight fails all 100 at once with UNAVAILABLE", async () => {
  const server = await createBoltServer({ services: { [SERVICE]: { hang: () => new Promise(() => {}) } } })
  const { channel, close } = await openChannel(boltChannelPlugin, { listener: `127.0.0.1:${server.port}`, ext: { class: SOFA_REQUEST } })
  try {
    const calls = Array.from({ length: 100 }, () =>
      channel.do(jsonRequest(SERVICE, { method: "hang", args: [] }, 10_000)).then(() => undefined, (e: RpcError) => e))
    while (server.connections() === 0 || channel.stats().inFlight < 100) await sleep(5)
    const t0 = Date.now()
    await server.close()
    const errors = await Promise.all(calls)
    const took = Date.now() - t0
    assert.ok(took < 1000, `took ${took} ms`)
    assert.equal(errors.filter((e) => e?.code === Code.UNAVAILABLE).length, 100)
    assert.equal(channel.stats().inFlight, 0)
  } finally {
    await close()
  }
})
