// Tests: the Bolt server handler (golden sofa-rpc-node frames, heartbeats, errors, bad frames).
import { test } from "node:test"
import assert from "node:assert/strict"
import { BoltStatus, createBoltDecoder, decodeFrame, encodeHeartbeat, encodeRequest, REQUEST_CLASS } from "@mosaic/protocol-bolt"
import { decodeSofaResponse, encodeSofaRequest } from "@mosaic/hessian2"
import { boltHandler } from "./bolt-handler.ts"
import { pipeClient, settle } from "./test-peer.fixture.ts"
import { toHex, vector } from "./vectors.fixture.ts"

const SERVICE = "com.example.EchoService:1.0"
const services = {
  [SERVICE]: {
    echo: async (s: string) => s,
    plus: async (a: number, b: number) => a + b,
    boom: async () => { throw new Error("kaboom") }
  }
}
const frames = (b: Uint8Array) => [...createBoltDecoder().push(b)].map((d) => d.frame)
const request = (methodName: string, args: Array<unknown>, extra: Partial<Parameters<typeof encodeRequest>[0]> = {}) =>
  encodeRequest({ requestId: 9, timeout: 1000, className: REQUEST_CLASS, headers: { service: SERVICE }, content: encodeSofaRequest({ targetServiceUniqueName: SERVICE, methodName, args }), ...extra })

test("answers sofa-rpc-node's golden requests byte for byte, in the dialect each used", async () => {
  for (const [req, res] of [["SOFA req hessian3.0", "SOFA res hessian3.0"], ["SOFA req hessian4.0", "SOFA res hessian4.0"], ["SOFA plus req", "SOFA plus res"]]) {
    const c = pipeClient(boltHandler({ services }))
    c.send(vector(req))
    await settle()
    assert.equal(toHex(c.received()), toHex(vector(res)), req)
    c.close()
  }
})

test("heartbeats are acked; oneway calls get no answer", async () => {
  const c = pipeClient(boltHandler({ services }))
  c.send(vector("SOFA hb"))
  c.send(request("echo", ["x"], { type: 2 }))
  await settle()
  assert.equal(toHex(c.received()), toHex(vector("SOFA hb ack")))
  c.close()
})

test("unknown service or method: SERVER_EXCEPTION with an RpcServerException; handler errors: isError", async () => {
  const c = pipeClient(boltHandler({ services }))
  c.send(request("nope", []))
  c.send(encodeRequest({ requestId: 10, className: REQUEST_CLASS, content: encodeSofaRequest({ targetServiceUniqueName: "x.Y:1.0", methodName: "a", args: [] }) }))
  c.send(request("boom", []))
  await settle()
  const [nope, noService, boom] = frames(c.received())
  assert.equal(nope!.status, BoltStatus.SERVER_EXCEPTION)
  const e = decodeSofaResponse(nope!.content)
  assert.equal(e.className, "com.alipay.remoting.rpc.exception.RpcServerException")
  assert.equal(e.errorMsg, `Can not find method: ${SERVICE}#nope()`)
  assert.equal(decodeSofaResponse(noService!.content).errorMsg, "Can not find service: x.Y:1.0")
  assert.equal(boom!.status, BoltStatus.SUCCESS)
  assert.deepEqual({ ...decodeSofaResponse(boom!.content) }, { isError: true, errorMsg: "kaboom", appResponse: null, responseProps: null, className: "com.alipay.sofa.rpc.core.response.SofaResponse" })
  c.close()
})

test("v2 with CRC is answered in v2 with CRC; wrong codec or class get their statuses", async () => {
  const c = pipeClient(boltHandler({ services }))
  c.send(request("echo", ["v2"], { crc: true }))
  c.send(request("echo", ["x"], { codec: 11, requestId: 11 }))
  c.send(request("echo", ["x"], { className: "com.Other", requestId: 12 }))
  await settle()
  const byId = new Map(frames(c.received()).map((f) => [f.requestId, f]))
  const [v2, codec, cls] = [byId.get(9), byId.get(11), byId.get(12)]
  assert.deepEqual([v2!.protocol, v2!.ver1, v2!.switchFlags], [2, 2, 1])
  assert.equal(decodeSofaResponse(v2!.content).appResponse, "v2")
  assert.equal(codec!.status, BoltStatus.CODEC_EXCEPTION)
  assert.equal(cls!.status, BoltStatus.NO_PROCESSOR)
  c.close()
})

test("a bad frame closes that connection only, with a logged reason", async () => {
  const logs: Array<string> = []
  const handler = boltHandler({ services, log: (m) => logs.push(m) })
  const bad = pipeClient(handler)
  const good = pipeClient(handler)
  bad.send(Uint8Array.of(0x07, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21))
  await settle()
  assert.equal(bad.isClosed(), true)
  assert.match(logs[0]!, /bolt server: closing connection from pipe: bad frame \(UnknownProtocol\)/)
  good.send(encodeHeartbeat(3))
  good.send(request("echo", ["still here"]))
  await settle()
  const got = frames(good.received())
  assert.equal(got.length, 2)
  assert.equal(decodeSofaResponse(got[1]!.content).appResponse, "still here")
  assert.equal(good.isClosed(), false)
  good.close()
  assert.equal(decodeFrame(vector("SOFA hb")).cmdCode, 0)
})
