// Tests: the per-request gates (X-protocol via TTHeaderProtocol, HTTP/1): admit/reject per request, replies in order, any chunking, failure and switch-off rules.
import { test } from "node:test"
import assert from "node:assert/strict"
import { TTHeaderProtocol } from "../xprotocol/ttheader.ts"
import { http1Gate, http1Status, type RequestGate, xprotocolGate } from "./request-gate.ts"

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

test("http1Gate: Content-Length bodies are passed with an admitted request, dropped with a refused one (429, connection kept)", () => {
  const a = req("POST", "/a", "hello")
  const b = req("POST", "/b", "refused body")
  const c = req("GET", "/c")
  const h = harness(http1Gate, [true, false, true])
  h.push(concat([a, b, c]))
  assert.equal(h.asked(), 3)
  assert.deepEqual(h.passed(), concat([a, c]))
  const reply = h.log.find((e) => "reply" in e) as { reply: Uint8Array }
  assert.deepEqual(reply.reply, http1Status(429, false))
  assert.match(dec.decode(reply.reply), /^HTTP\/1\.1 429 Too Many Requests\r\n[^]*content-length: 42\r\n\r\nmosaic proxy: over the listener's max_qps\n$/)
  assert.doesNotMatch(dec.decode(reply.reply), /connection: close/)
  assert.deepEqual(h.summary(), [`pass:${a.length}`, `reply:${reply.reply.length}`, `pass:${c.length}`])
})

test("http1Gate: pipelined requests give the same verdicts and output at every split offset and one byte at a time", () => {
  const parts = [req("POST", "/1", "x".repeat(7)), req("GET", "/2"), req("POST", "/3", "yy"), req("GET", "/4")]
  const all = concat(parts)
  const verdicts = [false, true, false, true]
  const expected = [`reply:${http1Status(429, false).length}`, `pass:${parts[1]!.length}`, `reply:${http1Status(429, false).length}`, `pass:${parts[3]!.length}`]
  for (const chunks of chunkings(all)) {
    const h = harness(http1Gate, verdicts)
    for (const c of chunks) h.push(c)
    assert.equal(h.asked(), 4, `chunks ${chunks.map((c) => c.length)}`)
    assert.deepEqual(h.summary(), expected, `chunks ${chunks.map((c) => c.length)}`)
    assert.deepEqual(h.passed(), concat([parts[1]!, parts[3]!]))
  }
})

test("http1Gate: a chunked request switches the gate off for the rest of the connection (all bytes pass, nothing counted)", () => {
  const first = req("GET", "/1")
  const chunked = enc.encode("POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
  const after = req("GET", "/after")
  const h = harness(http1Gate, [true, false, false])
  h.push(first)
  h.push(chunked)
  h.push(after)
  assert.equal(h.asked(), 1, "only the request before the chunked one was counted")
  assert.deepEqual(h.passed(), concat([first, chunked, after]))
  assert.equal(h.log.some((e) => "reply" in e), false)
})

test("http1Gate: a head over 64 KiB without its end switches the gate off and passes everything", () => {
  const big = enc.encode(`GET /big HTTP/1.1\r\nHost: x\r\nx-long: ${"a".repeat(70_000)}`)
  const h = harness(http1Gate, [false, false])
  h.push(big.subarray(0, 40_000))
  assert.deepEqual(h.log, [], "still waiting for the head's end")
  h.push(big.subarray(40_000))
  const rest = enc.encode("\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n")
  h.push(rest)
  assert.equal(h.asked(), 0)
  assert.deepEqual(h.passed(), concat([big, rest]))
})
