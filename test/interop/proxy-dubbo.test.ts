// Interop: dubbo2.js (DirectlyDubbo) and sofa-rpc-node's dubbo client -> Mosaic proxy (Dubbo) -> dubbo-remoting provider.
import { test } from "node:test"
import assert from "node:assert/strict"
import { dubbo2, dubboRemoting, quietLogger, sleep, sofaClient, startDubbo2, startSofaServer } from "./peers.fixture.ts"
import { startProxy } from "./proxy.fixture.ts"

const ECHO = "com.example.EchoService"
const provider = {
  info: { interfaceName: ECHO, version: "1.0.0" },
  delegate: {
    echo: async (s: string) => s,
    plus: async (a: number, b: number) => a + b,
    boom: async () => { throw new Error("kaboom") },
    slow: async (ms: number) => { await sleep(ms); return ms }
  }
}
const java = dubbo2.java as unknown as { String(s: string): unknown; int(n: number): unknown }

test("dubbo2.js (DirectlyDubbo) -> Mosaic proxy -> dubbo-remoting provider: values, concurrency, remote errors, the proxy's own reply", async () => {
  const server = await startSofaServer([provider], dubboRemoting)
  const proxy = await startProxy("dubbo", `127.0.0.1:${server.publishPort}`, `^${ECHO.replaceAll(".", "\\.")}$`)
  const client = startDubbo2(proxy.port)
  try {
    const methods = {
      echo: (s: string) => [java.String(s)],
      plus: (a: number, b: number) => [java.int(a), java.int(b)],
      boom: () => [],
      nope: () => [],
      slow: (ms: number) => [java.int(ms)]
    }
    const echo = client.dubbo.proxyService({ dubboInterface: ECHO, version: "1.0.0", methods })
    assert.deepEqual(await echo.echo!("hello"), { res: "hello", err: null })
    assert.deepEqual(await echo.plus!(1, 2), { res: 3, err: null })
    assert.match(String((await echo.boom!()).err?.message), /kaboom/)
    assert.match(String((await echo.nope!()).err?.message), /Can not find method/)
    // (not 0: dubbo2.js fails to decode the reply to slow(0), with or without the proxy)
    const ms = Array.from({ length: 100 }, (_, i) => 1 + ((i * 7) % 20))
    const slow = await Promise.all(ms.map((m) => echo.slow!(m)))
    assert.deepEqual(slow.map((r) => r.res), ms)
    // no route: the proxy answers SERVICE_NOT_FOUND with its reason (dubbo2.js shows the hessian string's bytes)
    const other = client.dubbo.proxyService({ dubboInterface: "com.example.Nope", version: "1.0.0", methods: { echo: (s: string) => [java.String(s)] } })
    assert.match(String((await other.echo!("x")).err?.message), /mosaic proxy: no route/)
    assert.equal(proxy.proxy.stats().upstreamConnections, 1)
    assert.equal(proxy.proxy.stats().hijacks[404], 1)
  } finally {
    client.close()
    await proxy.close()
    await server.close()
  }
})

test("sofa-rpc-node's dubbo client (dubbo-remoting, group SOFA, dubbo 5.3.0) -> Mosaic proxy -> dubbo-remoting provider", async () => {
  const server = await startSofaServer([provider], dubboRemoting)
  const proxy = await startProxy("dubbo", `127.0.0.1:${server.publishPort}`)
  const rpc = new sofaClient.RpcClient({ logger: quietLogger, protocol: dubboRemoting })
  try {
    const consumer = rpc.createConsumer({ interfaceName: ECHO, version: "1.0.0", serverHost: `127.0.0.1:${proxy.port}`, retryFaultInterval: 100 })
    await consumer.ready()
    assert.equal(await consumer.invoke("echo", [{ $class: "java.lang.String", $: "via sofa dubbo" }], { responseTimeout: 3000 }), "via sofa dubbo")
    assert.equal(await consumer.invoke("plus", [{ $class: "int", $: 2 }, { $class: "int", $: 3 }], { responseTimeout: 3000 }), 5)
  } finally {
    await rpc.close()
    await proxy.close()
    await server.close()
  }
})
