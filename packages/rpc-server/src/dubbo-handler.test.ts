// Tests: the Dubbo server handler (golden dubbo2.js frames, heartbeats, errors, bad frames).
import { test } from "node:test"
import assert from "node:assert/strict"
import { createDubboDecoder, DubboStatus, encodeHeartbeat, encodeRequest } from "@mosaic/protocol-dubbo"
import { decode, decodeDubboResponseBody, encodeDubboRequestBody } from "@mosaic/hessian2"
import { dubboHandler, dubboVersionInt, supportsResponseAttachments } from "./dubbo-handler.ts"
import { pipeClient, settle } from "./test-peer.fixture.ts"
import { toHex, vector } from "./vectors.fixture.ts"

const services = {
  "com.example.EchoService": {
    version: "1.0.0",
    methods: { echo: async (s: string) => s, plus: async (a: number, b: number) => a + b, boom: async () => { throw new Error("kaboom") }, nothing: async () => undefined }
  }
}
const frames = (b: Uint8Array) => [...createDubboDecoder().push(b)].map((d) => d.frame)
const call = (id: number, method: string, args: Array<unknown>, o: { version?: string; dubbo?: string; twoWay?: boolean } = {}) =>
  encodeRequest({
    requestId: id,
    twoWay: o.twoWay ?? true,
    body: encodeDubboRequestBody({
      dubboVersion: o.dubbo ?? "2.0.2", path: "com.example.EchoService", version: o.version ?? "1.0.0", method, args,
      attachments: { path: "com.example.EchoService" }
    })
  })

test("dubbo version ints and when responses carry attachments", () => {
  assert.equal(dubboVersionInt("2.0.2"), 2000200)
  assert.equal(dubboVersionInt("2.7.8"), 2070800)
  assert.equal(dubboVersionInt("x"), -1)
  assert.deepEqual(["2.0.0", "2.0.2", "2.0.99", "2.6.3", "5.3.0"].map(supportsResponseAttachments), [false, true, true, false, false])
})

test("answers dubbo2.js's golden request (2.0.2: value with attachments) and sofa's (5.3.0: the golden reply)", async () => {
  const c = pipeClient(dubboHandler({ services }))
  c.send(vector("DUBBO dubbo2.js req"))
  await settle()
  const [r] = frames(c.received())
  assert.equal(r!.status, DubboStatus.OK)
  assert.equal(r!.requestId, 1)
  assert.deepEqual(decodeDubboResponseBody(r!.body), { flag: 4, value: "hello", attachments: { dubbo: "2.0.2" } })
  c.close()
  const s = pipeClient(dubboHandler({ services: { "com.example.EchoService": { methods: services["com.example.EchoService"].methods } } }))
  s.send(vector("DUBBO sofa client req"))
  await settle()
  const [sr] = frames(s.received())
  assert.deepEqual(decodeDubboResponseBody(sr!.body), { flag: 1, value: "hello" })
  s.close()
})

test("heartbeats are answered; oneway calls are not; null results are flag 5", async () => {
  const c = pipeClient(dubboHandler({ services }))
  c.send(encodeHeartbeat(43))
  c.send(call(2, "echo", ["x"], { twoWay: false }))
  c.send(call(3, "nothing", []))
  await settle()
  const got = frames(c.received())
  assert.equal(toHex(c.received().subarray(0, 17)), "dabb2214000000000000002b000000014e")
  assert.equal(got.length, 2)
  assert.deepEqual(decodeDubboResponseBody(got[1]!.body), { flag: 5, attachments: { dubbo: "2.0.2" } })
  c.close()
})

test("unknown service, version or method: SERVICE_NOT_FOUND with a hessian string; handler errors: flag 3 exception", async () => {
  const c = pipeClient(dubboHandler({ services }))
  c.send(call(4, "nope", []))
  c.send(call(5, "echo", ["x"], { version: "2.0.0" }))
  c.send(call(6, "boom", []))
  await settle()
  const [nope, version, boom] = frames(c.received())
  assert.equal(nope!.status, DubboStatus.SERVICE_NOT_FOUND)
  assert.equal(decode(nope!.body), "Can not find method: com.example.EchoService:1.0.0#nope()")
  assert.equal(version!.status, DubboStatus.SERVICE_NOT_FOUND)
  assert.equal(decode(version!.body), "Not found exported service: com.example.EchoService:2.0.0")
  const b = decodeDubboResponseBody(boom!.body, { withType: true })
  assert.equal(b.flag, 3)
  assert.deepEqual((b.exception as { $class: string }).$class, "java.lang.RuntimeException")
  assert.equal(((b.exception as { $: { detailMessage: unknown } }).$.detailMessage as { $: string } | string), "kaboom")
  c.close()
})

test("a bad frame closes that connection only, with a logged reason; a bad body is BAD_REQUEST", async () => {
  const logs: Array<string> = []
  const handler = dubboHandler({ services, log: (m) => logs.push(m) })
  const bad = pipeClient(handler)
  const good = pipeClient(handler)
  bad.send(new TextEncoder().encode("GET / HTTP/1.1\r\n\r\n"))
  good.send(encodeRequest({ requestId: 7, body: Uint8Array.of(0x99) }))
  good.send(call(8, "plus", [1, 2]))
  await settle()
  assert.equal(bad.isClosed(), true)
  assert.match(logs[0]!, /dubbo server: closing connection from pipe: bad frame \(BadMagic\)/)
  const [badBody, plus] = frames(good.received())
  assert.equal(badBody!.status, DubboStatus.BAD_REQUEST)
  assert.equal(decodeDubboResponseBody(plus!.body).value, 3)
  assert.equal(good.isClosed(), false)
  good.close()
})
