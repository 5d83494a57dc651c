// Tests: the RESP2 decoder (every reply type, streaming, limits), encoder, matcher and the protocol's routing keys, replies and probe.
import { test } from "node:test"
import assert from "node:assert/strict"
import { RespDecoder } from "./decoder.ts"
import { encodeCommand, encodeValue } from "./encoder.ts"
import { matchResp } from "./matcher.ts"
import { RespProtocol } from "./resp-protocol.ts"
import { RespError, type RespValue } from "./value.ts"

const utf8 = new TextEncoder()
const bytes = (s: string) => utf8.encode(s)
const bulk = (s: string | null): RespValue => ({ type: "bulk", value: s === null ? null : bytes(s) })

const all = (d: RespDecoder): Array<{ frame: RespValue; raw: string }> => {
  const out: Array<{ frame: RespValue; raw: string }> = []
  for (let r = d.read(); r !== undefined; r = d.read()) out.push({ frame: r.frame, raw: new TextDecoder().decode(r.raw) })
  return out
}

const WIRE = "+OK\r\n-ERR value is not an integer or out of range\r\n:-42\r\n:9223372036854775807\r\n$3\r\nfoo\r\n$0\r\n\r\n$-1\r\n*-1\r\n*0\r\n" +
  "*3\r\n$1\r\na\r\n*2\r\n:1\r\n$-1\r\n+x\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"
const VALUES: Array<RespValue> = [
  { type: "simple", value: "OK" },
  { type: "error", value: "ERR value is not an integer or out of range" },
  { type: "integer", value: -42n },
  { type: "integer", value: 9223372036854775807n },
  bulk("foo"),
  bulk(""),
  bulk(null),
  { type: "array", value: null },
  { type: "array", value: [] },
  { type: "array", value: [bulk("a"), { type: "array", value: [{ type: "integer", value: 1n }, bulk(null)] }, { type: "simple", value: "x" }] },
  { type: "array", value: [bulk("GET"), bulk("k")] }
]

test("every reply type and a command decode from one chunk, each with its exact wire bytes, and encode back to them", () => {
  const d = new RespDecoder()
  d.push(bytes(WIRE))
  const got = all(d)
  assert.deepEqual(got.map((g) => g.frame), VALUES)
  assert.equal(got.map((g) => g.raw).join(""), WIRE)
  for (const g of got) assert.equal(new TextDecoder().decode(encodeValue(g.frame)), g.raw)
  assert.equal(d.pending().length, 0)
})

test("empty lines between values are skipped (Redis skips empty inline commands; redis-cli --pipe sends one)", () => {
  const d = new RespDecoder()
  d.push(bytes("\r\n*1\r\n$4\r\nPING\r\n\r\n\n*1\r\n$4\r\nPING\r\n\r"))
  assert.deepEqual(all(d).map((g) => g.raw), ["*1\r\n$4\r\nPING\r\n", "*1\r\n$4\r\nPING\r\n"])
  assert.equal(d.pending().length, 0)
})

test("byte by byte: the same values; views handed out stay intact while later bytes arrive", () => {
  const d = new RespDecoder()
  const got: Array<{ frame: RespValue; raw: Uint8Array }> = []
  const wire = bytes(WIRE)
  for (let i = 0; i < wire.length; i++) {
    d.push(wire.subarray(i, i + 1))
    for (let r = d.read(); r !== undefined; r = d.read()) got.push(r)
  }
  assert.deepEqual(got.map((g) => g.frame), VALUES)
  assert.deepEqual(Buffer.concat(got.map((g) => g.raw)), Buffer.from(wire))
})

test("a 1 MB bulk string in 64 KB chunks, followed by a command in the same last chunk", () => {
  const big = new Uint8Array(1024 * 1024).map((_, i) => 97 + (i % 26))
  const wire = Buffer.concat([encodeCommand(["SET", "k", big]), encodeCommand(["GET", "k"])])
  const d = new RespDecoder()
  const got: Array<RespValue> = []
  for (let i = 0; i < wire.length; i += 65536) {
    d.push(wire.subarray(i, i + 65536))
    for (let r = d.read(); r !== undefined; r = d.read()) got.push(r.frame)
  }
  assert.equal(got.length, 2)
  const set = got[0]!
  assert.ok(set.type === "array" && set.value !== null)
  const v = set.value[2]!
  assert.ok(v.type === "bulk" && v.value !== null)
  assert.deepEqual(Buffer.from(v.value), Buffer.from(big))
  assert.deepEqual(got[1], { type: "array", value: [bulk("GET"), bulk("k")] })
})

test("limits and bad input throw tagged errors with a reason", () => {
  const fails = (wire: string, reason: string, limits = {}) => {
    const d = new RespDecoder(limits)
    d.push(bytes(wire))
    assert.throws(() => d.read(), (e: unknown) => e instanceof RespError && e._tag === "RespError" && e.reason === reason, wire)
  }
  fails("$11\r\n", "TooLarge", { maxBulkBytes: 10 })
  fails("*5\r\n", "TooLarge", { maxArrayLength: 4 })
  fails("*1\r\n*1\r\n*1\r\n:1\r\n", "TooDeep", { maxDepth: 2 })
  fails("+" + "x".repeat(100), "TooLarge", { maxLineBytes: 64 })
  fails("PING\r\n", "BadType")
  fails("$x\r\n", "BadLength")
  fails("$-2\r\n", "BadLength")
  fails("$3\r\nfooXY", "BadLine")
  fails(":12a\r\n", "BadLength")
  fails("+OK\rX", "BadLine")
  // under the limits, incomplete input waits
  const d = new RespDecoder({ maxLineBytes: 64 })
  d.push(bytes("+" + "x".repeat(60)))
  assert.equal(d.read(), undefined)
  const e = new RespDecoder()
  e.push(bytes("$5\r\nab"))
  assert.equal(e.read(), undefined)
})

test("matcher: a command's first bytes match; HTTP/1, HTTP/2, Bolt, Dubbo, TTHeader and inline commands do not", () => {
  const m = (s: string | Uint8Array) => matchResp(typeof s === "string" ? bytes(s) : s)
  assert.deepEqual(["", "*", "*1", "*12\r", "*12\r\n"].map(m), ["again", "again", "again", "again", "again"])
  assert.deepEqual(["*1\r\n$", "*2\r\n$3\r\nGET", "*1234567\r\n$"].map(m), ["match", "match", "match"])
  assert.deepEqual(["*\r\n$", "*-1\r\n", "*1\r\n:", "*1\rx", "*12345678\r\n$", "PING\r\n", "GET / HTTP/1.1\r\n", "PRI * HTTP/2.0\r\n"].map(m),
    ["no-match", "no-match", "no-match", "no-match", "no-match", "no-match", "no-match", "no-match"])
  for (const b of [[0x01, 0x01], [0x02, 0x01], [0xda, 0xbb], [0x00, 0x00, 0x00, 0x10, 0x10, 0x00], [0x80, 0x01]]) assert.equal(m(new Uint8Array(b)), "no-match")
})

test("protocol: ordered, routing keys, -ERR replies, status mapping, PING probe", () => {
  const p = new RespProtocol()
  assert.equal(p.ordered, true)
  const frame = p.decodeOne(encodeCommand(["get", "user:1"]))
  const view = { frame, idHi: 0, idLo: 0, routeCache: undefined as unknown }
  assert.deepEqual([p.kind(frame), p.header(view, "command"), p.header(view, "method"), p.header(view, "key"), p.header(view, "x")], ["request", "GET", "GET", "user:1", undefined])
  const text = (b: Uint8Array) => new TextDecoder().decode(b)
  assert.equal(text(p.hijackStatus(view, 503, "no healthy upstream host")), "-ERR mosaic proxy: no healthy upstream host (503)\r\n")
  assert.equal(text(p.hijack(view, "NoRoute", "no route")), "-ERR mosaic proxy: no route (NoRoute)\r\n")
  assert.equal(text(p.directResponse(view, 200, "hi")), "$2\r\nhi\r\n")
  assert.equal(text(p.directResponse(view, 403, "denied\r\nx")), "-ERR denied  x\r\n")
  assert.deepEqual([p.decodeOne(bytes("-LOADING x\r\n")), p.decodeOne(bytes("-ERR x\r\n")), p.decodeOne(bytes(":1\r\n"))].map((f) => [p.httpStatus(f), p.responseStatus(f)]),
    [[503, 1], [500, 1], [200, 0]])
  assert.throws(() => p.decodeOne(bytes("+OK\r\n+OK\r\n")), RespError)
  const probe = p.healthProbe()
  assert.equal(text(probe.request), "*1\r\n$4\r\nPING\r\n")
  assert.deepEqual([probe.onData(bytes("+PO")), probe.onData(bytes("NG\r\n"))], [undefined, true])
  assert.equal(p.healthProbe().onData(bytes("-NOAUTH Authentication required.\r\n")), false)
})
