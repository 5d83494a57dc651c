// End to end: silent, slow-header, slow-body, idle and preface-only connections are closed near their timeouts; max_connections.
import { test } from "node:test"
import assert from "node:assert/strict"
import * as http2 from "node:http2"
import * as net from "node:net"
import { makeFakeInvoker, withIngress } from "../../../test/support/index.ts"

const isDeno = "Deno" in globalThis
const SAY_HELLO = "/spec.proto.runtime.v1.Runtime/SayHello"
const H2_PREFACE_AND_SETTINGS = Buffer.concat([Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])])
const LIMITS = { header_read_timeout: "400ms", request_body_timeout: 600, connection_idle_timeout: "800ms" }
/** Generous: the sweeper ticks at a quarter of the smallest timeout, and the box may be loaded. */
const LATE_MS = 2500

interface Closed {
  /** ms from connect to close */
  readonly ms: number
  readonly data: string
}

/** Connect, write `first`, then call `more` (if any) until the server closes the connection. */
const openUntilClosed = (port: number, first: Uint8Array | string, more?: (s: net.Socket) => void, limitMs = 8000) =>
  new Promise<Closed>((resolve, reject) => {
    const s = net.connect(port, "127.0.0.1")
    let data = ""
    let started = 0
    const timer = setTimeout(() => {
      s.destroy()
      reject(new Error(`still open after ${limitMs} ms; got ${JSON.stringify(data.slice(0, 80))}`))
    }, limitMs)
    s.on("connect", () => {
      started = Date.now()
      if (first.length > 0) s.write(first)
      more?.(s)
    })
    s.on("data", (d) => void (data += d.toString("latin1")))
    s.on("error", () => {})
    s.on("close", () => {
      clearTimeout(timer)
      resolve({ ms: Date.now() - started, data })
    })
  })

/** One byte of `text` every `everyMs` while the socket is open. */
const trickle = (text: string, everyMs: number) => (s: net.Socket) => {
  let i = 0
  const t = setInterval(() => {
    if (s.destroyed || i >= text.length) return clearInterval(t)
    s.write(text[i++]!)
  }, everyMs)
  s.on("close", () => clearInterval(t))
}

const waitFor = async (cond: () => boolean, ms = 5000) => {
  for (let t = 0; t < ms && !cond(); t += 20) await new Promise((r) => setTimeout(r, 20))
  assert.ok(cond(), "condition not met in time")
}

test("silent, slow-header, preface-only and slow-body connections close near their timeouts; calls keep working", async () => {
  const fake = makeFakeInvoker()
  await withIngress(fake.invoker, LIMITS, async ({ ingress, clients }) => {
    const port = ingress.server.port
    let calls = 0
    let stop = false
    // Normal Connect calls over HTTP/1.1 all along (every 100 ms, well under the idle timeout).
    const caller = (async () => {
      while (!stop) {
        assert.equal((await clients.connectH1.sayHello({ name: `n${calls}` })).hello, `greeting, n${calls}`)
        calls++
        await new Promise((r) => setTimeout(r, 100))
      }
    })()
    const head = `POST ${SAY_HELLO} HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n`
    const [silent, slowHead, prefaceOnly, slowBody] = await Promise.all([
      openUntilClosed(port, ""),
      openUntilClosed(port, "", trickle(head, 100)),
      openUntilClosed(port, H2_PREFACE_AND_SETTINGS),
      openUntilClosed(port, head + "{")
    ])
    stop = true
    await caller
    assert.ok(calls >= 5, `calls: ${calls}`)
    // Silent: header_read_timeout (under first_bytes_timeout_ms) from accept.
    assert.ok(silent.ms >= 350 && silent.ms < 400 + LATE_MS, `silent ${silent.ms}`)
    // Slow head: one byte per 100 ms never completes it; 408 then close, header_read_timeout after accept.
    assert.ok(slowHead.ms >= 350 && slowHead.ms < 400 + LATE_MS, `slow head ${slowHead.ms}`)
    assert.match(slowHead.data, /^HTTP\/1\.1 408 /)
    // Preface + SETTINGS, no stream: GOAWAY (frame type 7) then close.
    assert.ok(prefaceOnly.ms >= 350 && prefaceOnly.ms < 400 + LATE_MS, `preface only ${prefaceOnly.ms}`)
    assert.ok(hasFrame(Buffer.from(prefaceOnly.data, "latin1"), 7), "GOAWAY sent")
    // Head complete, body stalls: request_body_timeout after the head; 408 (no answer was started).
    assert.ok(slowBody.ms >= 550 && slowBody.ms < 600 + LATE_MS, `slow body ${slowBody.ms}`)
    assert.match(slowBody.data, /^HTTP\/1\.1 408 /)
    assert.equal(fake.calls.length, 0)
  })
})

test("an idle HTTP/1.1 keep-alive connection is closed after connection_idle_timeout", async () => {
  const fake = makeFakeInvoker()
  await withIngress(fake.invoker, LIMITS, async ({ ingress }) => {
    const request = `POST ${SAY_HELLO} HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`
    const closed = await openUntilClosed(ingress.server.port, request)
    assert.match(closed.data, /^HTTP\/1\.1 200 /)
    assert.match(closed.data, /keep-alive/i)
    assert.ok(closed.ms >= 750 && closed.ms < 800 + LATE_MS, `idle ${closed.ms}`)
  })
})

test("h2: an idle session gets GOAWAY after connection_idle_timeout; a stalled request body is reset", async () => {
  const fake = makeFakeInvoker()
  await withIngress(fake.invoker, LIMITS, async ({ ingress }) => {
    const session = http2.connect(ingress.server.url)
    session.on("error", () => {})
    try {
      const goaway = new Promise<number>((resolve) => session.once("goaway", () => resolve(Date.now())))
      const closed = new Promise<void>((resolve) => session.once("close", () => resolve()))
      // A stream whose body never ends: reset (CANCEL) request_body_timeout after its headers.
      const started = Date.now()
      const stalled = session.request({ ":method": "POST", ":path": SAY_HELLO, "content-type": "application/json" })
      stalled.on("error", () => {})
      stalled.write("{")
      stalled.resume()
      const rst = await new Promise<number>((resolve) => stalled.on("close", () => resolve(stalled.rstCode ?? -1)))
      const resetMs = Date.now() - started
      assert.equal(rst, http2.constants.NGHTTP2_CANCEL)
      assert.ok(resetMs >= 550 && resetMs < 600 + LATE_MS, `reset after ${resetMs}`)
      // No stream open since then: GOAWAY after the idle timeout, and the connection closes.
      const idleFrom = Date.now()
      const goawayAt = await goaway
      assert.ok(goawayAt - idleFrom >= 700 && goawayAt - idleFrom < 800 + LATE_MS, `goaway after ${goawayAt - idleFrom}`)
      await closed
      await waitFor(() => ingress.server.connections() === 0)
    } finally {
      session.destroy()
    }
  })
})

test("500 silent and slow-header connections are all closed", async () => {
  const fake = makeFakeInvoker()
  await withIngress(fake.invoker, { ...LIMITS, header_read_timeout: "500ms" }, async ({ ingress, clients }) => {
    const started = Date.now()
    const all: Array<Promise<Closed>> = []
    for (let i = 0; i < 500; i++) {
      all.push(i % 2 === 0 ? openUntilClosed(ingress.server.port, "", undefined, 15_000) : openUntilClosed(ingress.server.port, "GET / HTTP/1.1\r\nHo", undefined, 15_000))
    }
    const closed = await Promise.all(all)
    const slowest = Math.max(...closed.map((c) => c.ms))
    assert.ok(Date.now() - started < 12_000, `all closed after ${Date.now() - started} ms`)
    assert.ok(Math.min(...closed.map((c) => c.ms)) >= 400, "none closed early")
    await waitFor(() => ingress.server.connections() === 0)
    assert.equal((await clients.connectH1.sayHello({ name: "after" })).hello, "greeting, after", `slowest ${slowest}`)
  })
})

test("max_connections: a connection over the limit is closed at accept; below it again, connections are served", async () => {
  const fake = makeFakeInvoker()
  await withIngress(fake.invoker, { max_connections: 3 }, async ({ ingress }) => {
    const held: Array<net.Socket> = []
    for (let i = 0; i < 3; i++) {
      const s = net.connect(ingress.server.port, "127.0.0.1")
      s.on("error", () => {})
      held.push(s)
    }
    await waitFor(() => ingress.server.connections() === 3)
    const over = await openUntilClosed(ingress.server.port, "GET / HTTP/1.1\r\nHost: a\r\n\r\n")
    assert.equal(over.data, "", "closed without an answer")
    held.pop()!.destroy()
    await waitFor(() => ingress.server.connections() === 2)
    const request = `POST ${SAY_HELLO} HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`
    const served = await openUntilClosed(ingress.server.port, request)
    assert.match(served.data, /^HTTP\/1\.1 200 [\s\S]*greeting/)
    for (const s of held) s.destroy()
  })
})

/** Whether the server's h2 bytes (after its preface SETTINGS) hold a frame of `type`. */
function hasFrame(bytes: Buffer, type: number): boolean {
  for (let i = 0; i + 9 <= bytes.length;) {
    if (bytes[i + 3] === type) return true
    i += 9 + bytes.readUIntBE(i, 3)
  }
  return false
}
