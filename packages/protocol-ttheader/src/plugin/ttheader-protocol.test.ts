// Tests: TTHeaderProtocol over each framing (Kitex TTHeader, Apache THeader, framed, buffered Thrift): kinds, ids, rewrite, splitting.
import { test } from "node:test"
import assert from "node:assert/strict"
import { callIn, decodeOne, FRAMINGS, hex, message, proto, rdI32, theader, ttheader, unwrap, viewOf } from "./ttheader-protocol.fixture.ts"

test("kind: CALL is a request, ONEWAY oneway, REPLY and EXCEPTION responses, in every framing", () => {
  for (const framing of FRAMINGS) {
    const kinds = [1, 4, 2, 3].map((type) => proto.kind(decodeOne(callIn(framing, 5, { type })).frame))
    assert.deepEqual(kinds, ["request", "oneway", "response", "response"], framing)
  }
})

test("kind/requestId: a TTHeader or THeader payload whose message head cannot be read is a call with the header's seqid", () => {
  const structOnly = [0x0c, 0x00, 0x01, 0x00, 0x00] // no message head (a ThriftStruct-like payload)
  for (const raw of [ttheader(77, structOnly), theader(77, structOnly)]) {
    const f = decodeOne(raw).frame
    assert.equal(proto.kind(f), "request")
    assert.equal(proto.requestId(f), 77)
  }
})

test("requestId is the Thrift message seqid; captureId keeps it (idLo) and the header seqid (idHi; no header: the same)", () => {
  for (const framing of FRAMINGS) {
    const view = viewOf(callIn(framing, 41, { headerSeq: 9 }))
    assert.equal(proto.requestId(view.frame), 41, framing)
    const hasHeader = framing === "ttheader" || framing === "theader"
    assert.deepEqual([view.idLo, view.idHi], [41, hasHeader ? 9 : 41], framing)
  }
})

test("writeRequestId rewrites the header seqid and the message seqid in place, nothing else; restoreId puts the caller's back", () => {
  for (const framing of FRAMINGS) {
    const original = callIn(framing, 41, { headerSeq: 9 })
    const view = viewOf(original)
    const raw = original.slice()
    proto.writeRequestId(raw, 0x7fffffff)
    const rewritten = decodeOne(raw)
    assert.equal(proto.requestId(rewritten.frame), 0x7fffffff, framing)
    const { msg, headerSeq } = unwrap(framing, raw)
    if (framing === "ttheader" || framing === "theader") assert.equal(headerSeq, 0x7fffffff, framing)
    const seqAt = msg.byteOffset - raw.byteOffset + 8 + 4 // after version and "echo"'s length + name
    const diff = [...raw].flatMap((b, i) => (b === original[i] ? [] : [i]))
    const hasHeader = framing === "ttheader" || framing === "theader"
    assert.ok(diff.every((i) => (hasHeader && i >= 8 && i < 12) || (i >= seqAt && i < seqAt + 4)), `${framing}: only seqid bytes changed (${diff})`)
    assert.ok(diff.some((i) => i >= seqAt), `${framing}: the message seqid changed`)
    // an upstream reply carrying the proxy's id gets the caller's ids back
    const reply = callIn(framing, 0x7fffffff, { headerSeq: 0x7fffffff, type: 2 })
    proto.restoreId(reply, view)
    assert.deepEqual([...reply], [...callIn(framing, 41, { headerSeq: 9, type: 2 })], framing)
  }
})

test("Apache THeader golden frames (python3-thrift and thrift npm): kind, ids, headers, id rewrite", () => {
  // Python THeader client, header x-trace=py, binary payload, header seqid 0 and message seqid 0 (peers.md 3)
  const py = hex("000000370fff00000000000000040000010107782d7472616365027079008001 0001000000046563686f000000000b00010000000568656c6c6f00")
  // thrift npm (patched client) x-trace=abc: header seqid 0, message seqid 1
  const node = hex("000000370fff00000000000000040000010107782d7472616365036162638001 0001000000046563686f000000010b00010000000568656c6c6f00")
  // a thrift npm server's reply without headers: header size 1 word, message seqid 0
  const reply = hex("0000002b0fff00000000000000010000000080010002000000046563686f0000 00000b00000000000568656c6c6f00")
  const p = viewOf(py)
  assert.deepEqual([proto.kind(p.frame), p.idLo, p.idHi, proto.header(p, "x-trace"), proto.header(p, "method"), proto.header(p, "protocol")], ["request", 0, 0, "py", "echo", "theader"])
  const n = viewOf(node)
  assert.deepEqual([proto.kind(n.frame), n.idLo, n.idHi, proto.header(n, "x-trace")], ["request", 1, 0, "abc"])
  const r = decodeOne(reply)
  assert.deepEqual([proto.kind(r.frame), proto.requestId(r.frame)], ["response", 0])
  const raw = node.slice()
  proto.writeRequestId(raw, 1234)
  assert.deepEqual([rdI32(raw, 8), rdI32(raw, 14 + 16 + 8 + 4)], [1234, 1234])
})

test("framed and buffered golden frames (thrift npm echo(\"hello\"), seqid 1)", () => {
  const framed = viewOf(hex("0000001d80010001000000046563686f000000010b00010000000568656c6c6f00"))
  assert.deepEqual([proto.kind(framed.frame), framed.idLo, framed.idHi, proto.header(framed, "method"), proto.header(framed, "protocol")], ["request", 1, 1, "echo", "framed"])
  const buffered = viewOf(hex("80010001000000046563686f000000010b00010000000568656c6c6f00"))
  assert.deepEqual([proto.kind(buffered.frame), buffered.idLo, proto.header(buffered, "method"), proto.header(buffered, "protocol")], ["request", 1, "echo", "buffered"])
  assert.equal(proto.header(buffered, "service"), undefined)
})

test("a stream mixing every framing is split frame by frame, at any chunk boundary", () => {
  const frames = FRAMINGS.map((f, i) => callIn(f, 10 + i))
  const all = Uint8Array.from(frames.flatMap((f) => [...f]))
  for (let cut = 0; cut <= all.length; cut++) {
    const d = proto.createDecoder()
    const ids: Array<number> = []
    for (const part of [all.subarray(0, cut), all.subarray(cut)]) {
      d.push(part)
      for (let r = d.read(); r !== undefined; r = d.read()) ids.push(proto.requestId(r.frame))
    }
    assert.deepEqual(ids, [10, 11, 12, 13], `cut at ${cut}`)
  }
})

test("maxId keeps upstream seqids positive i32; Thrift has no heartbeat", () => {
  assert.equal(proto.maxId, 0x7fffffff)
  assert.equal(proto.heartbeat(), undefined)
})
