// Tests: the X-protocol request gate (via TTHeaderProtocol; it answers a connection over max_connections): admit/reject per request, any chunking, failure.
import { test } from "node:test"
import assert from "node:assert/strict"
import { TTHeaderProtocol } from "@mosaic/protocol-ttheader"
import { type RequestGate, xprotocolGate } from "./request-gate.ts"

const enc = new TextEncoder()
const dec = new TextDecoder()
const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]
const concat = (parts: ReadonlyArray<Uint8Array>) => Uint8Array.from(parts.flatMap((p) => [...p]))

/** A Thrift binary message `echo` (type 1 call, 2 reply, 4 oneway) with seqid `seq`, framed (4-byte length) or not. */
const thrift = (type: number, seq: number, framed: boolean): Uint8Array => {
  const m = [0x80, 0x01, 0x00, type, ...u32(4), ...enc.encode("echo"), ...u32(seq), 11, 0, 1, ...u32(2), 0x68, 0x69, 0]
  return Uint8Array.from(framed ? [...u32(m.length), ...m] : m)
}

/** A gate with scripted verdicts; records everything it hands on, in one ordered log. */
const harness = (make: (hooks: { admit: () => boolean; reply: (b: Uint8Array) => void; fail: (m: string) => void }) => RequestGate, verdicts: ReadonlyArray<boolean>) => {
  let asked = 0
  const log: Array<{ pass: Uint8Array } | { reply: Uint8Array } | { fail: string }> = []
  const gate = make({
    admit: () => verdicts[asked++] ?? true,
    reply: (b) => void log.push({ reply: b.slice() }),
    fail: (m) => void log.push({ fail: m })
  })
  return {
    push: (chunk: Uint8Array) => gate.push(chunk, (b) => void log.push({ pass: b.slice() })),
    log,
    asked: () => asked,
    /** All passed bytes joined, replies and failures in order between them. */
    summary: () => {
      const out: Array<string> = []
      let bytes: Array<number> = []
      for (const e of log) {
        if ("pass" in e) bytes.push(...e.pass)
        else {
          if (bytes.length > 0) out.push(`pass:${bytes.length}`)
          bytes = []
          out.push("reply" in e ? `reply:${e.reply.length}` : `fail`)
        }
      }
      if (bytes.length > 0) out.push(`pass:${bytes.length}`)
      return out
    },
    passed: () => concat(log.flatMap((e) => ("pass" in e ? [e.pass] : [])))
  }
}

/** Every way to cut `bytes` in two, plus one byte at a time. */
const chunkings = (bytes: Uint8Array): Array<Array<Uint8Array>> => [
  ...Array.from({ length: bytes.length + 1 }, (_, k) => [bytes.subarray(0, k), bytes.subarray(k)]),
  Array.from(bytes, (b) => Uint8Array.of(b))
]

const proto = new TTHeaderProtocol()

/** The TApplicationException inside an unframed / framed reply: `{ type (field 2), seqId }`. */
const exceptionOf = (reply: Uint8Array, framed: boolean) => {
  const m = framed ? reply.subarray(4) : reply
  const view = new DataView(m.buffer, m.byteOffset, m.byteLength)
  assert.equal(view.getUint32(0), 0x80010003, "a Thrift EXCEPTION message")
  const nameLength = view.getUint32(4)
  return { seqId: view.getInt32(8 + nameLength), type: view.getInt32(m.length - 5), text: dec.decode(m) }
}

test("xprotocolGate: each request admitted or answered with the protocol's overload reply; oneways dropped silently; responses pass uncounted", () => {
  const frames = [thrift(1, 1, true), thrift(1, 2, true), thrift(4, 3, false), thrift(2, 4, false), thrift(1, 5, false), thrift(4, 6, true)]
  const h = harness((hooks) => xprotocolGate(proto, hooks), [true, false, false, false, true])
  h.push(concat(frames))
  assert.equal(h.asked(), 5, "the response is not counted")
  assert.deepEqual(h.passed(), concat([frames[0]!, frames[3]!, frames[5]!]))
  const replies = h.log.flatMap((e) => ("reply" in e ? [e.reply] : []))
  assert.equal(replies.length, 2, "the refused call and the refused unframed call are answered; the oneway is not")
  // each answer: TApplicationException INTERNAL_ERROR (6), the request's seqid, in the request's framing
  assert.deepEqual([exceptionOf(replies[0]!, true).seqId, exceptionOf(replies[0]!, true).type], [2, 6])
  assert.deepEqual([exceptionOf(replies[1]!, false).seqId, exceptionOf(replies[1]!, false).type], [5, 6])
  assert.match(exceptionOf(replies[0]!, true).text, /over the listener's max_qps/)
  // replies come in stream order between the frames handed on
  assert.deepEqual(h.summary(), [`pass:${frames[0]!.length}`, `reply:${replies[0]!.length}`, `pass:${frames[3]!.length}`, `reply:${replies[1]!.length}`, `pass:${frames[5]!.length}`])
})

test("xprotocolGate: the same verdicts and output whatever the chunking (every split offset, one byte at a time)", () => {
  const frames = [thrift(1, 1, true), thrift(1, 2, false), thrift(1, 3, true)]
  const all = concat(frames)
  const verdicts = [true, false, true]
  const expected = (() => {
    const h = harness((hooks) => xprotocolGate(proto, hooks), verdicts)
    h.push(all)
    return h.summary()
  })()
  assert.equal(expected.length, 3)
  assert.deepEqual([expected[0], expected[2]], [`pass:${frames[0]!.length}`, `pass:${frames[2]!.length}`])
  assert.match(expected[1]!, /^reply:\d+$/)
  for (const chunks of chunkings(all)) {
    const h = harness((hooks) => xprotocolGate(proto, hooks), verdicts)
    for (const c of chunks) h.push(c)
    assert.equal(h.asked(), 3)
    assert.deepEqual(h.summary(), expected, `chunks ${chunks.map((c) => c.length)}`)
    assert.deepEqual(h.passed(), concat([frames[0]!, frames[2]!]))
  }
})

test("xprotocolGate: a bad frame fails the connection once; frames before it are handed on, nothing after", () => {
  const good = thrift(1, 1, true)
  const bad = Uint8Array.from([0, 0, 0, 16, 0x12, 0x34, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
  const h = harness((hooks) => xprotocolGate(proto, hooks), [])
  h.push(concat([good, bad]))
  h.push(thrift(1, 2, true))
  h.push(bad)
  assert.deepEqual(h.summary(), [`pass:${good.length}`, "fail"])
  const failure = h.log.find((e) => "fail" in e) as { fail: string }
  assert.match(failure.fail, /^bad ttheader frame: /)
})

const req = (method: string, path: string, body = "", extra = "") =>
  enc.encode(`${method} ${path} HTTP/1.1\r\nHost: x\r\n${body === "" ? "" : `Content-Length: ${body.length}\r\n`}${extra}\r\n${body}`)
