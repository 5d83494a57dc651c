// Tests: RpcHeaders (RPC header maps for filters) and the phase machine's statuses mapped to Bolt, Dubbo and Thrift replies.
import { test } from "node:test"
import assert from "node:assert/strict"
import { BoltStatus, decodeFrame as decodeBolt, encodeRequest as encodeBoltRequest, REQUEST_CLASS } from "@mosaic/protocol-bolt"
import { decodeFrame as decodeDubbo, DubboStatus, encodeRequest as encodeDubboRequest } from "@mosaic/protocol-dubbo"
import { createKitexDecoder, encodeFrame as encodeTTHeader, payloadMessage } from "@mosaic/protocol-ttheader"
import { decode, encodeDubboRequestBody, encodeSofaRequest } from "@mosaic/hessian2"
import { BoltProtocol } from "@mosaic/protocol-bolt"
import { DubboProtocol } from "@mosaic/protocol-dubbo"
import { TTHeaderProtocol } from "@mosaic/protocol-ttheader"
import { hijackCodeOf } from "./hijack.ts"
import type { Protocol, RequestView } from "./protocol.ts"
import { headerValueText, RpcHeaders } from "./rpc-headers.ts"

test("RpcHeaders: exact then case-insensitive names, add replaces, copy-on-write, Java-typed values as text", () => {
  const source = new Map<string, unknown>([["Service", "s"], ["n", { $class: "long", $: 5 }], ["obj", { $class: "p.U", $: {} }]])
  const h = new RpcHeaders(source, "test", () => assert.fail("no log"))
  assert.deepEqual([h.get("service"), h.get("Service"), h.get("n"), h.get("obj"), h.get("none")], ["s", "s", "5", undefined, undefined])
  assert.equal(h.changed, false)
  h.set("SERVICE", "t")
  h.add("x", "1")
  h.add("x", "2")
  h.del("N")
  assert.equal(h.changed, true)
  assert.deepEqual([...h.entries], [["obj", { $class: "p.U", $: {} }], ["SERVICE", "t"], ["x", "2"]])
  assert.deepEqual([...source.keys()], ["Service", "n", "obj"]) // the frame's own map is untouched
  const seen: Array<string> = []
  h.forEach((v, k) => seen.push(`${k}=${v}`))
  assert.deepEqual(seen, ["SERVICE=t", "x=2"])
  assert.deepEqual([headerValueText(true), headerValueText(3n), headerValueText(null)], ["true", "3", undefined])
})

test("RpcHeaders without a source (the frame has no headers): reads are empty, writes are logged and ignored", () => {
  const logs: Array<string> = []
  const h = new RpcHeaders(undefined, "framed request", (m) => logs.push(m))
  h.set("a", "1")
  h.del("a")
  assert.deepEqual([h.get("a"), h.writable, h.changed, logs], [undefined, false, false, ['framed request has no headers: the change of "a" is ignored']])
})

const view = <F>(proto: Protocol<F>, raw: Uint8Array, frame: F): RequestView<F> => {
  const v: RequestView<F> = { frame, idHi: 0, idLo: 0, routeCache: undefined }
  proto.captureId(v, raw)
  return v
}

test("phase-machine statuses in each protocol's terms (MOSN Hijacker.Mapping, 429 as overload)", () => {
  assert.deepEqual(
    [[404, "no route"], [502, "upstream connect failed: x"], [502, "upstream connection lost"], [503, "unknown cluster"], [503, "no healthy upstream host"],
      [503, "draining"], [503, "upstream overflow"], [504, "upstream timeout"], [400, "bad"], [429, "rate limited"], [500, "internal error"]]
      .map(([s, r]) => hijackCodeOf(s as number, r as string)),
    ["NoRoute", "ConnectFailed", "UpstreamReset", "UnknownCluster", "NoHealthyHost", "Draining", "Overflow", "Timeout", "CodecError", undefined, undefined]
  )
  const bolt = new BoltProtocol("bolt")
  const braw = encodeBoltRequest({ requestId: 7, className: REQUEST_CLASS, content: encodeSofaRequest({ targetServiceUniqueName: "s:1", methodName: "m", args: [] }) })
  const bv = view(bolt, braw, decodeBolt(braw))
  const boltStatus = (s: number, r: string) => decodeBolt(bolt.hijackStatus(bv, s, r)).status
  assert.deepEqual([boltStatus(429, "rate limited"), boltStatus(500, "x"), boltStatus(504, "t"), boltStatus(403, "no")],
    [BoltStatus.SERVER_THREADPOOL_BUSY, BoltStatus.UNKNOWN, BoltStatus.TIMEOUT, BoltStatus.SERVER_EXCEPTION])
  assert.equal(decodeBolt(bolt.hijackStatus(bv, 429, "rate limited")).requestId, 7)

  const dubbo = new DubboProtocol()
  const draw = encodeDubboRequest({ requestId: 9, body: encodeDubboRequestBody({ dubboVersion: "2.0.2", path: "p", version: "1", method: "m", args: [] }) })
  const dv = view(dubbo, draw, decodeDubbo(draw))
  const d429 = decodeDubbo(dubbo.hijackStatus(dv, 429, "rate limited"))
  assert.deepEqual([d429.status, d429.requestId, decode(d429.body)], [DubboStatus.SERVER_THREADPOOL_EXHAUSTED_ERROR, 9, "mosaic proxy: rate limited"])
  assert.equal(decodeDubbo(dubbo.hijackStatus(dv, 500, "x")).status, DubboStatus.SERVICE_ERROR)

  const tt = new TTHeaderProtocol()
  const call = new Uint8Array([0x80, 1, 0, 1, 0, 0, 0, 1, 0x6d, 0, 0, 0, 3, 0])
  const traw = encodeTTHeader({ seqId: 3, payload: call })
  const d = createKitexDecoder()
  d.push(traw)
  const tframe = d.read()!
  const reply = tt.decodeOne(tt.hijackStatus(view(tt, traw, tframe), 429, "rate limited"))
  assert.equal(reply.kind, "ttheader")
  const m = payloadMessage((reply as { frame: { payload: Uint8Array } }).frame.payload)!
  assert.deepEqual([m.type, m.seqId, m.name, tt.responseStatus(reply)], [3, 3, "m", 1]) // an Exception: status 1
  assert.match(new TextDecoder().decode((reply as { frame: { payload: Uint8Array } }).frame.payload), /rate limited \(429\)/)
})
