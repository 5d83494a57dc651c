// Interop: Mosaic's dubbo channel against a dubbo-remoting provider, and dubbo2.js against Mosaic's Dubbo server.
import { test } from "node:test"
import assert from "node:assert/strict"
import { Code } from "@mosaic/kernel"
import type { RpcError } from "@mosaic/rpc"
import { dubboChannelPlugin } from "@mosaic/channel-dubbo"
import { encodeRequest } from "@mosaic/protocol-dubbo"
import { decodeDubboResponseBody, encodeDubboRequestBody } from "@mosaic/hessian2"
import { createDubboServer } from "@mosaic/rpc-server"
import { startDubboUserProvider, UserProviderInterface } from "@mosaic/demo-services"
import {
  dec, dubbo2, dubboRemoting, enc, jsonRequest, openChannel, rawRequest, rawSocket, sleep, startDubbo2, startSofaServer
} from "./peers.fixture.ts"

const ECHO = "com.example.EchoService"
const provider = {
  info: { interfaceName: ECHO, version: "1.0.0" },
  delegate: {
    echo: async (s: string) => s,
    plus: async (a: number, b: number) => a + b,
    boom: async () => { throw new Error("kaboom") },
    slow: async () => { await sleep(1000); return "late" },
    big: async () => ({ $class: "long", $: "9007199254740993" })
  }
}
const USER_JSON = '{"id":"113","name":"Moorse","age":30,"time":703394193,"sex":"MAN"}'

test("dubbo JSON: Mosaic channel -> dubbo-remoting provider (values, longs, remote errors)", async () => {
  const server = await startSofaServer([provider], dubboRemoting)
  const { channel, close } = await openChannel(dubboChannelPlugin, { listener: `127.0.0.1:${server.publishPort}`, size: 2 })
  try {
    assert.equal(dec((await channel.do(jsonRequest(`${ECHO}:1.0.0`, { method: "echo", argTypes: ["java.lang.String"], args: ["hello"] }))).data), '"hello"')
    assert.equal(dec((await channel.do(jsonRequest(ECHO, { method: "plus", version: "1.0.0", argTypes: ["int", "int"], args: [1, 2] }))).data), "3")
    assert.equal(dec((await channel.do(jsonRequest(`${ECHO}:1.0.0`, { method: "big" }))).data), '"9007199254740993"')
    await assert.rejects(channel.do(jsonRequest(`${ECHO}:1.0.0`, { method: "boom" })), (e: RpcError) =>
      e.code === Code.UNKNOWN && e.message === "dubbo error code 80, SERVER_ERROR: kaboom")
    await assert.rejects(channel.do(jsonRequest(`${ECHO}:1.0.0`, { method: "nope" })), (e: RpcError) =>
      e.code === Code.UNKNOWN && e.message.endsWith(`Can not find method: ${ECHO}:1.0.0#nope()`))
  } finally {
    await close()
    await server.close()
  }
})

test("dubbo raw (Layotto): a whole dubbo frame in, its response body out, against dubbo-remoting", async () => {
  const server = await startSofaServer([provider], dubboRemoting)
  const { channel, close } = await openChannel(dubboChannelPlugin, { listener: `127.0.0.1:${server.publishPort}` })
  try {
    const body = encodeDubboRequestBody({ dubboVersion: "2.0.2", path: ECHO, version: "1.0.0", method: "echo", args: ["raw hello"], attachments: { path: ECHO, interface: ECHO, version: "1.0.0" } })
    const frame = encodeRequest({ requestId: 4242, body })
    const r = await channel.do(rawRequest(ECHO, frame))
    assert.deepEqual(decodeDubboResponseBody(r.data), { flag: 1, value: "raw hello" })
  } finally {
    await close()
    await server.close()
  }
})

test("dubbo: the deadline is DEADLINE_EXCEEDED at the deadline; heartbeats to dubbo-remoting keep the connection", async () => {
  const server = await startSofaServer([provider], dubboRemoting)
  const { channel, close } = await openChannel(dubboChannelPlugin, {
    listener: `127.0.0.1:${server.publishPort}`, heartbeat_interval_ms: 30, heartbeat_timeout_ms: 200, heartbeat_max_failures: 2
  })
  try {
    const t0 = Date.now()
    await assert.rejects(channel.do(jsonRequest(`${ECHO}:1.0.0`, { method: "slow" }, 150)), (e: RpcError) => e.code === Code.DEADLINE_EXCEEDED)
    const took = Date.now() - t0
    assert.ok(took >= 140 && took < 900, `took ${took} ms`)
    // Unacked heartbeats would close the connection after ~2 x (30 + 200) ms.
    await sleep(700)
    assert.deepEqual(channel.stats(), { connections: 1, inFlight: 0 })
    assert.equal(dec((await channel.do(jsonRequest(`${ECHO}:1.0.0`, { method: "echo", args: ["still"] }))).data), '"still"')
  } finally {
    await close()
    await server.close()
  }
})

test("dubbo2.js (DirectlyDubbo) -> Mosaic Dubbo server (demo UserProvider): a typed User, and a remote exception", async () => {
  const server = await startDubboUserProvider()
  const client = startDubbo2(server.port)
  try {
    const users = client.dubbo.proxyService({
      dubboInterface: UserProviderInterface, version: "1.0.0",
      methods: { GetUser: (id: string) => [dubbo2.java.String(id)] }
    })
    const ok = await users.GetUser!("A003")
    assert.equal(ok.err, null)
    assert.equal(JSON.stringify(ok.res), USER_JSON)
    const bad = await users.GetUser!("nobody")
    assert.match(String(bad.err?.message), /invalid user id: nobody/)
  } finally {
    client.close()
    await server.close()
  }
})

test("dubbo JSON: Mosaic channel -> Mosaic demo UserProvider answers as the JSON-RPC demo does", async () => {
  const server = await startDubboUserProvider()
  const { channel, close } = await openChannel(dubboChannelPlugin, { listener: `127.0.0.1:${server.port}` })
  try {
    const r = await channel.do(jsonRequest(UserProviderInterface, { method: "GetUser", argTypes: ["java.lang.String"], args: ["A003"] }))
    assert.equal(dec(r.data), USER_JSON)
    assert.equal(r.header.dubbo, "2.0.2")
    await assert.rejects(channel.do(jsonRequest(UserProviderInterface, { method: "GetUser", args: ["nobody"] })), (e: RpcError) =>
      e.code === Code.UNKNOWN && e.message === "invalid user id: nobody")
    await assert.rejects(channel.do(jsonRequest("org.Nope", { method: "GetUser", args: [] })), (e: RpcError) =>
      e.code === Code.NOT_FOUND && e.message === "dubbo error code 60, SERVICE_NOT_FOUND: Not found exported service: org.Nope")
  } finally {
    await close()
    await server.close()
  }
})

test("dubbo: a bad frame closes only its own connection (dubbo2.js keeps working)", async () => {
  const logs: Array<string> = []
  const server = await createDubboServer({ services: { [ECHO]: { methods: { echo: async (s: string) => s } } }, log: (m) => logs.push(m) })
  const client = startDubbo2(server.port)
  try {
    const echo = client.dubbo.proxyService({ dubboInterface: ECHO, version: "1.0.0", methods: { echo: (s: string) => [dubbo2.java.String(s)] } })
    assert.equal((await echo.echo!("first")).res, "first")
    const bad = await rawSocket(server.port)
    bad.socket.write(enc("GET / HTTP/1.1\r\nhost: x\r\n\r\n"))
    await bad.closed
    assert.match(logs[0] ?? "", /dubbo server: closing connection from 127\.0\.0\.1:\d+: bad frame \(BadMagic\)/)
    assert.equal((await echo.echo!("alive")).res, "alive")
  } finally {
    client.close()
    await server.close()
  }
})

test("dubbo: a connection that dies with 100 calls in flight fails all 100 at once with UNAVAILABLE", async () => {
  const server = await createDubboServer({ services: { [ECHO]: { methods: { hang: () => new Promise(() => {}) } } } })
  const { channel, close } = await openChannel(dubboChannelPlugin, { listener: `127.0.0.1:${server.port}` })
  try {
    const calls = Array.from({ length: 100 }, () =>
      channel.do(jsonRequest(ECHO, { method: "hang" }, 10_000)).then(() => undefined, (e: RpcError) => e))
    while (server.connections() === 0 || channel.stats().inFlight < 100) await sleep(5)
    const t0 = Date.now()
    await server.close()
    const errors = await Promise.all(calls)
    const took = Date.now() - t0
    assert.ok(took < 1000, `took ${took} ms`)
    assert.equal(errors.filter((e) => e?.code === Code.UNAVAILABLE).length, 100)
  } finally {
    await close()
  }
})
