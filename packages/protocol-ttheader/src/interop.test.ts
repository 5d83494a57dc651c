// Tests: Thrift payloads written by the `thrift` npm package (TBinaryProtocol + framed/buffered transports) inside TTHeader.
import assert from "node:assert/strict"
import { createRequire } from "node:module"
import { test } from "node:test"
import { createTTHeaderDecoder } from "./decoder.ts"
import { encodeFrame } from "./encoder.ts"
import { BUFFERED_ECHO_REQ, FRAMED_ECHO_REQ, hex, THEADER, toHex } from "./golden.fixture.ts"
import { IntKey } from "./int-keys.ts"
import { createKitexDecoder } from "./kitex-decoder.ts"
import { routingKeys } from "./routing.ts"
import { readMessageSeqId, writeSeqId } from "./seq-id.ts"
import { decodeTHeader } from "./theader.ts"
import { classifyPayload } from "./thrift-message.ts"

interface Proto {
  writeMessageBegin(name: string, type: number, seqid: number): void
  writeStructBegin(name: string): void
  writeFieldBegin(name: string, type: number, id: number): void
  writeString(s: string): void
  writeFieldEnd(): void
  writeFieldStop(): void
  writeStructEnd(): void
  writeMessageEnd(): void
  readMessageBegin(): { fname: string; mtype: number; rseqid: number }
  readStructBegin(): unknown
  readFieldBegin(): { ftype: number; fid: number }
  readString(): string
}
interface Trans { flush(): void }
interface Thrift {
  TBinaryProtocol: new (t: Trans) => Proto
  TFramedTransport: new (buf?: Uint8Array, onFlush?: (msg: Uint8Array) => void) => Trans
  TBufferedTransport: new (buf?: Uint8Array, onFlush?: (msg: Uint8Array) => void) => Trans
  Thrift: { MessageType: { CALL: number }; Type: { STRING: number } }
}
const thrift = createRequire(import.meta.url)("thrift") as Thrift

/** Writes `echo(msg)` as a call with seqid `seq` through the given transport; returns the flushed bytes. */
const writeEcho = (Transport: Thrift["TFramedTransport"], msg: string, seq: number): Uint8Array => {
  let out: Uint8Array | undefined
  const trans = new Transport(undefined, (m) => void (out = Uint8Array.from(m)))
  const p = new thrift.TBinaryProtocol(trans)
  p.writeMessageBegin("echo", thrift.Thrift.MessageType.CALL, seq)
  p.writeStructBegin("echo_args")
  p.writeFieldBegin("msg", thrift.Thrift.Type.STRING, 1)
  p.writeString(msg)
  p.writeFieldEnd()
  p.writeFieldStop()
  p.writeStructEnd()
  p.writeMessageEnd()
  trans.flush()
  return out!
}

/** Reads a framed call back with the thrift package: [name, seqid, first string arg]. */
const readEcho = (framed: Uint8Array): [string, number, string] => {
  const p = new thrift.TBinaryProtocol(new thrift.TFramedTransport(Buffer.from(framed.subarray(4))))
  const head = p.readMessageBegin()
  p.readStructBegin()
  p.readFieldBegin()
  return [head.fname, head.rseqid, p.readString()]
}

test("the thrift package writes the same bytes as the captured vectors", () => {
  assert.equal(toHex(writeEcho(thrift.TFramedTransport, "hello", 1)), toHex(hex(FRAMED_ECHO_REQ)))
  assert.equal(toHex(writeEcho(thrift.TBufferedTransport, "hello", 1)), toHex(hex(BUFFERED_ECHO_REQ)))
})

test("framed and buffered thrift calls inside TTHeader: the method name is recovered as the routing key", () => {
  for (const [Transport, kind] of [[thrift.TFramedTransport, "ThriftFramed"], [thrift.TBufferedTransport, "ThriftBinary"]] as const) {
    const payload = writeEcho(Transport, "hello", 42)
    const raw = encodeFrame({ seqId: 42, intInfo: { [IntKey.FromService]: "ts-client" }, payload })
    const [d] = [...createTTHeaderDecoder().push(raw)]
    assert.equal(classifyPayload(d!.frame.payload), kind)
    assert.deepEqual(routingKeys(d!.frame), { service: undefined, method: "echo", methodFrom: "payload" })
    assert.equal(readMessageSeqId(d!.frame.payload), 42)
  }
})

test("a rewritten seqid is what the thrift package reads back", () => {
  const raw = encodeFrame({ seqId: 7, payload: writeEcho(thrift.TFramedTransport, "héllo", 7) })
  writeSeqId(raw, 123456)
  const [d] = [...createKitexDecoder().push(raw)]
  assert.equal(d!.kind, "ttheader")
  if (d!.kind !== "ttheader") return
  assert.equal(d!.frame.seqId, 123456)
  assert.deepEqual(readEcho(d!.frame.payload), ["echo", 123456, "héllo"])
})

test("Apache THeader captured from thrift and python peers: payload readable by the thrift package", () => {
  const f = decodeTHeader(hex(THEADER.nodeReq))
  const framed = new Uint8Array(4 + f.payload.length)
  new DataView(framed.buffer).setUint32(0, f.payload.length)
  framed.set(f.payload, 4)
  assert.deepEqual(readEcho(framed), ["echo", 1, "hello"])
})
