// Tests: TTHeaderProtocol replies and routing keys: hijacks and direct responses in the request's own framing, header() keys.
import { test } from "node:test"
import assert from "node:assert/strict"
import { callIn, decodeOne, FRAMINGS, message, proto, readException, theader, ttheader, unwrap, viewOf, withU32Length } from "./ttheader-protocol.fixture.ts"

test("hijack: a TApplicationException (type 1 for NoRoute, 6 otherwise) in the request's own framing, with the caller's ids", () => {
  for (const framing of FRAMINGS) {
    const view = viewOf(callIn(framing, 41, { headerSeq: 9 }))
    for (const [code, type] of [["NoRoute", 1], ["Overflow", 6], ["Timeout", 6], ["NoHealthyHost", 6]] as const) {
      const raw = proto.hijack(view, code, "no route for echo")
      const { msg, headerSeq, intInfo } = unwrap(framing, raw)
      assert.deepEqual(readException(msg), { name: "echo", seqId: 41, text: `mosaic proxy: no route for echo (${code})`, type }, `${framing} ${code}`)
      if (framing === "ttheader" || framing === "theader") assert.equal(headerSeq, 9)
      if (framing === "ttheader") assert.equal(intInfo!.get(22), "3", "MsgType = Exception")
      // and the proxy's own decoder reads it back as a response to the same request
      const back = decodeOne(raw)
      assert.deepEqual([proto.kind(back.frame), proto.requestId(back.frame)], ["response", 41])
    }
  }
})

test("hijack of a TTHeader request with a framed payload (Kitex TTHeaderFramed): the reply payload is framed too", () => {
  const view = viewOf(ttheader(3, withU32Length(message(1, "echo", 3)), { int: [[6, "Echo"]] }))
  const { msg, headerSeq } = unwrap("ttheader", proto.hijack(view, "NoRoute", "x"), true)
  assert.equal(headerSeq, 3)
  assert.deepEqual(readException(msg), { name: "echo", seqId: 3, text: "mosaic proxy: x (NoRoute)", type: 1 })
})

test("directResponse: 404 answers as NoRoute (type 1), other statuses as type 6", () => {
  const view = viewOf(callIn("framed", 8))
  const typeOf = (status: number) => readException(unwrap("framed", proto.directResponse(view, status, "x")).msg).type
  assert.deepEqual([typeOf(404), typeOf(503)], [1, 6])
})

test("header(): service from ToService (int 6) else `isn`, method from ToMethod (int 9) else the Thrift name, protocol, string infos", () => {
  const both = viewOf(ttheader(1, message(1, "echo", 1), { int: [[6, "Echo"], [9, "Say"]], str: [["isn", "IdlName"], ["env", "prod"]] }))
  assert.deepEqual(["service", "method", "protocol", "env", "nope"].map((n) => proto.header(both, n)), ["Echo", "Say", "ttheader", "prod", undefined])
  // routing keys are cached on the view: asking again gives the same answers
  assert.equal(proto.header(both, "service"), "Echo")
  const fromStr = viewOf(ttheader(1, message(1, "echo", 1), { str: [["isn", "IdlName"]] }))
  assert.deepEqual([proto.header(fromStr, "service"), proto.header(fromStr, "method")], ["IdlName", "echo"])
  const none = viewOf(ttheader(1, message(1, "ping", 1)))
  assert.deepEqual([proto.header(none, "service"), proto.header(none, "method")], [undefined, "ping"])
  const th = viewOf(theader(0, message(1, "add", 1), [["x-route", "blue"], ["service", "S"]]))
  assert.deepEqual(["x-route", "service", "method", "protocol", "nope"].map((n) => proto.header(th, n)), ["blue", "S", "add", "theader", undefined])
  for (const framing of ["framed", "buffered"] as const) {
    const v = viewOf(callIn(framing, 2, { name: "add" }))
    assert.deepEqual(["service", "method", "protocol", "x-route"].map((n) => proto.header(v, n)), [undefined, "add", framing, undefined])
  }
})
