// Tests (real sockets): a listener's idle, header-read and body-read timeouts and size limits on HTTP/1 connections.
import { test } from "node:test"
import assert from "node:assert/strict"
import * as net from "node:net"
import { connect, get, runProxy, simpleConfig, sleep, startUpstream } from "../../test-support/harness.ts"

const HEAD_MS = 300
const BODY_MS = 300
const IDLE_MS = 400
/** Slack on a loaded box: the sweeper's tick plus scheduling delays. */
const LATE_MS = 1500

const timedConfig = (upstream: string, extra: Record<string, unknown> = {}) => {
  const config = simpleConfig([upstream])
  Object.assign(config.listeners[0]!, {
    header_read_timeout: `${HEAD_MS}ms`,
    request_body_timeout: `${BODY_MS}ms`,
    connection_idle_timeout: `${IDLE_MS}ms`,
    ...extra
  })
  return config
}

interface Raw {
  readonly socket: net.Socket
  /** Everything received, as latin1. */
  received(): string
  /** ms (Date.now()) when the server closed it. */
  readonly closedAt: Promise<number>
}

const openRaw = (port: number): Promise<Raw> =>
  new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1")
    let got = ""
    socket.on("data", (b: Buffer) => void (got += b.toString("latin1")))
    socket.on("error", () => {})
    const closedAt = new Promise<number>((r) => socket.on("close", () => r(Date.now())))
    socket.once("connect", () => resolve({ socket, received: () => got, closedAt }))
    socket.once("error", reject)
  })

/** Write `text` one byte every `everyMs` until the socket closes. */
const trickle = (socket: net.Socket, text: string, everyMs: number): void => {
  let i = 0
  const t = setInterval(() => {
    if (socket.destroyed || i >= text.length) return clearInterval(t)
    socket.write(text[i++]!)
  }, everyMs)
  socket.on("close", () => clearInterval(t))
}

const within = (took: number, ms: number, what: string) =>
  assert.ok(took >= ms - 120 && took < ms + LATE_MS, `${what}: closed after ${took} ms (timeout ${ms} ms)`)

test("a silent connection gets 408 and is closed header_read_timeout after accept", async () => {
  const up = await startUpstream()
  const p = await runProxy(timedConfig(up.address))
  const started = Date.now()
  const c = await openRaw(p.port())
  const closed = await c.closedAt
  within(closed - started, HEAD_MS, "silent")
  assert.match(c.received(), /^HTTP\/1\.1 408 Request Timeout\r\n/)
  assert.match(c.received(), /\r\nConnection: close\r\n/i)
  await p.close()
  await up.close()
})

test("a head sent a byte at a time: 408 header_read_timeout after accept (first request) or after its first byte (later ones)", async () => {
  const up = await startUpstream()
  const p = await runProxy(timedConfig(up.address))
  const head = "GET /slow HTTP/1.1\r\nHost: h\r\nX-Pad: " + "a".repeat(100) + "\r\n\r\n"
  // first request: the clock runs from accept
  const started = Date.now()
  const first = await openRaw(p.port())
  trickle(first.socket, head, 40)
  within((await first.closedAt) - started, HEAD_MS, "first head")
  assert.match(first.received(), /^HTTP\/1\.1 408 /)
  // a later request: answered first, then a slow head after a pause shorter than the idle timeout
  const later = await openRaw(p.port())
  later.socket.write(get("/fast"))
  while (!later.received().includes("\r\n\r\nok")) await sleep(10)
  await sleep(150)
  const begun = Date.now()
  trickle(later.socket, head, 40)
  within((await later.closedAt) - begun, HEAD_MS, "later head")
  assert.match(later.received(), /^HTTP\/1\.1 200 OK\r\n[^]*HTTP\/1\.1 408 /)
  assert.equal(up.requests, 1)
  await p.close()
  await up.close()
})

test("a body sent a byte at a time: 408 request_body_timeout after the head", async () => {
  const up = await startUpstream()
  const p = await runProxy(timedConfig(up.address))
  const c = await openRaw(p.port())
  c.socket.write("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\n")
  const begun = Date.now()
  trickle(c.socket, "b".repeat(100), 40)
  within((await c.closedAt) - begun, BODY_MS, "body")
  assert.match(c.received(), /^HTTP\/1\.1 408 /)
  assert.equal(up.requests, 0)
  await p.close()
  await up.close()
})

test("a kept-alive connection is closed silently connection_idle_timeout after its last reply, never while a request is in flight", async () => {
  const up = await startUpstream((req, res) => {
    if (req.url === "/slow") setTimeout(() => res.end("slow"), IDLE_MS + 300)
    else res.end("ok")
  })
  const p = await runProxy(timedConfig(up.address))
  const client = await connect(p.port())
  // a request that takes longer than the idle timeout is answered
  const [slow] = await client.send(get("/slow"))
  assert.equal(slow!.status, 200)
  const answered = Date.now()
  await client.closed
  within(Date.now() - answered, IDLE_MS, "idle")
  // and closed without a 408 (the decoder saw no extra response)
  const raw = await openRaw(p.port())
  raw.socket.write(get("/"))
  const closed = await raw.closedAt
  assert.ok(closed > 0)
  assert.doesNotMatch(raw.received(), /408/)
  assert.equal((raw.received().match(/HTTP\/1\.1 /g) ?? []).length, 1)
  await p.close()
  await up.close()
})

test("max_header_bytes and max_body_bytes of the listener: 431 and 413", async () => {
  const up = await startUpstream()
  const p = await runProxy(timedConfig(up.address, { max_header_bytes: 1024, max_body_bytes: 10 }))
  const cases: Array<[string, number]> = [
    [`GET / HTTP/1.1\r\nHost: h\r\nX-Big: ${"a".repeat(2000)}\r\n\r\n`, 431],
    ["POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world", 413],
    [`GET / HTTP/1.1\r\nHost: h\r\nX-Fits: ${"a".repeat(900)}\r\n\r\n`, 200],
    ["POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nhelloworld", 200]
  ]
  for (const [raw, status] of cases) {
    const c = await connect(p.port())
    const [r] = await c.send(raw)
    assert.equal(r!.status, status, raw.slice(0, 30))
    c.destroy()
  }
  await p.close()
  await up.close()
})

test("500 silent, slow-head and slow-body connections are all closed while a normal client keeps getting answers", async () => {
  const up = await startUpstream()
  const p = await runProxy(timedConfig(up.address))
  const port = p.port()
  const started = Date.now()
  const slow: Array<Raw> = []
  for (let i = 0; i < 500; i++) {
    const c = await openRaw(port)
    if (i % 3 === 1) c.socket.write("GET / HTTP/1.1\r\nHo")
    else if (i % 3 === 2) c.socket.write("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 50\r\n\r\nab")
    slow.push(c)
  }
  // a byte now and then on the slow ones (less often than the timeouts, but they are per phase, not per byte)
  const feeder = setInterval(() => {
    for (let i = 0; i < slow.length; i++) if (i % 3 !== 0 && !slow[i]!.socket.destroyed) slow[i]!.socket.write(i % 3 === 1 ? "s" : "x")
  }, 100)
  const normal = await connect(port)
  let answered = 0
  const allClosed = Promise.all(slow.map((c) => c.closedAt))
  let done = false
  void allClosed.then(() => (done = true))
  while (!done && Date.now() - started < 8000) {
    const [r] = await normal.send(get("/"))
    assert.equal(r!.status, 200)
    answered++
    await sleep(20)
  }
  clearInterval(feeder)
  const closedAt = await allClosed
  const last = Math.max(...closedAt) - started
  assert.ok(last < 8000, `all slow connections closed after ${last} ms`)
  assert.ok(answered >= 3, `normal client answered ${answered} times`)
  for (const c of slow) assert.match(c.received(), /^HTTP\/1\.1 408 /)
  // the normal client was never idle long enough to be closed
  const [r] = await normal.send(get("/"))
  assert.equal(r!.status, 200)
  normal.destroy()
  await p.close()
  await up.close()
})

test("a slow head pipelined behind a request in flight: the owed reply is written, then the connection closes without a 408", async () => {
  const up = await startUpstream((_q, res) => setTimeout(() => res.end("owed"), HEAD_MS + 400))
  const p = await runProxy(timedConfig(up.address))
  const c = await openRaw(p.port())
  c.socket.write(get("/slow") + "GET /next HTTP/1.1\r\nHo")
  await c.closedAt
  assert.match(c.received(), /^HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\nowed$/)
  assert.equal(up.requests, 1)
  await p.close()
  await up.close()
})

test("an Auto listener that detects HTTP/1 applies the same timeouts", async () => {
  const up = await startUpstream()
  const config = timedConfig(up.address)
  config.listeners[0]!.filter_chains[0]!.filters[0]!.config = {
    downstream_protocol: "Auto",
    router_config_name: "r",
    detect: { protocols: ["http1"] }
  } as never
  const p = await runProxy(config)
  const fine = await connect(p.port())
  assert.equal((await fine.send(get("/")))[0]!.status, 200)
  const c = await openRaw(p.port())
  const started = Date.now()
  c.socket.write("GET / HTTP/1.1\r\nHost: h\r\nX-Slow: 1")
  within((await c.closedAt) - started, HEAD_MS, "auto head")
  assert.match(c.received(), /^HTTP\/1\.1 408 /)
  fine.destroy()
  await p.close()
  await up.close()
})
