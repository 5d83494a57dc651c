// Tests (real sockets, exact bytes): upstream answers that would leak into the next client, unsolicited 101, request framing refusals, pipelined requests sent upstream one at a time.
import { test } from "node:test"
import assert from "node:assert/strict"
import * as net from "node:net"
import { createRequestDecoder, getHeader, type Http1Request } from "@mosaic/protocol-http1"
import { connect, get, runProxy, simpleConfig, sleep, text } from "../../test-support/harness.ts"

const CLEAN = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nclean"
const POISON = "HTTP/1.1 200 OK\r\nContent-Length: 30\r\nX-Poison: 1\r\n\r\nPOISON"

interface RawUpstream {
  readonly address: string
  /** Connections accepted, and closed (by the proxy) so far. */
  readonly stats: { accepted: number; closed: number; inFlight: number; maxInFlight: number }
  /** Request lines in arrival order. */
  readonly seen: Array<string>
  close(): Promise<void>
}

/**
 * A raw upstream: frames requests with the codec and lets `answer` write exact bytes on the socket; it
 * calls `done()` when the answer is complete (for the in-flight count).
 */
const rawUpstream = async (answer: (req: Http1Request, socket: net.Socket, done: () => void) => void): Promise<RawUpstream> => {
  const stats = { accepted: 0, closed: 0, inFlight: 0, maxInFlight: 0 }
  const seen: Array<string> = []
  const sockets = new Set<net.Socket>()
  const server = net.createServer((socket) => {
    stats.accepted++
    sockets.add(socket)
    socket.on("close", () => {
      stats.closed++
      sockets.delete(socket)
    })
    socket.on("error", () => {})
    const decoder = createRequestDecoder({
      onRequest: (req) => {
        seen.push(`${req.method} ${req.target}`)
        stats.maxInFlight = Math.max(stats.maxInFlight, ++stats.inFlight)
        answer(req, socket, () => void stats.inFlight--)
      }
    })
    socket.on("data", (b: Buffer) => {
      try {
        decoder.push(new Uint8Array(b.buffer, b.byteOffset, b.byteLength))
      } catch {
        socket.destroy()
      }
    })
  })
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
  return {
    address: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    stats,
    seen,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy()
        server.close(() => r())
      })
  }
}

interface LeakCase {
  readonly name: string
  /** Client A's request (its method is the one the proxy announces). */
  readonly request: string
  readonly method: string
  /** What the upstream writes, in one write, for A's request. */
  readonly answer: string
  /** Written 30 ms after the answer, while no request is in flight (optional). */
  readonly later?: string
  /** What A gets. */
  readonly status: number
  /** The upstream connection is kept for the next request (only for an exact answer). */
  readonly reused: boolean
}

const leakCases: ReadonlyArray<LeakCase> = [
  { name: "exact answer (control)", request: get("/x"), method: "GET", answer: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", status: 200, reused: true },
  { name: "HEAD answer, then a smuggled answer", request: "HEAD /x HTTP/1.1\r\nHost: x\r\n\r\n", method: "HEAD", answer: `HTTP/1.1 200 OK\r\nContent-Length: 59\r\n\r\n${POISON}`, status: 200, reused: false },
  { name: "204, then a smuggled answer", request: get("/x"), method: "GET", answer: `HTTP/1.1 204 No Content\r\n\r\n${POISON}`, status: 204, reused: false },
  { name: "204, then junk", request: get("/x"), method: "GET", answer: "HTTP/1.1 204 No Content\r\n\r\nhello", status: 204, reused: false },
  { name: "answer, then a whole answer nobody asked for", request: get("/x"), method: "GET", answer: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Poison: 1\r\n\r\n", status: 200, reused: false },
  { name: "answer, then bytes while no request is in flight", request: get("/x"), method: "GET", answer: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", later: POISON, status: 200, reused: false },
  { name: "unsolicited 101 Switching Protocols", request: get("/x"), method: "GET", answer: "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n", status: 502, reused: false }
]

test("upstream bytes beyond the answer close that connection: the next client gets a clean answer", async () => {
  for (const c of leakCases) {
    const up = await rawUpstream((req, socket, done) => {
      if (req.target === "/x") {
        socket.write(c.answer)
        if (c.later !== undefined) setTimeout(() => socket.write(c.later!), 30)
      } else socket.write(CLEAN)
      done()
    })
    const p = await runProxy(simpleConfig([up.address]))
    const a = await connect(p.port())
    const [ra] = await a.send(c.request, 1, [c.method])
    assert.equal(ra!.status, c.status, c.name)
    assert.equal(getHeader(ra!.headers, "x-poison"), undefined, c.name)
    await sleep(80) // the unsolicited bytes (if any) arrive
    const b = await connect(p.port())
    const [rb] = await b.send(get("/victim"))
    assert.deepEqual([rb!.status, text(rb!), getHeader(rb!.headers, "x-poison")], [200, "clean", undefined], c.name)
    assert.equal(up.stats.accepted, c.reused ? 1 : 2, `${c.name}: upstream connections`)
    assert.equal(up.stats.closed, c.reused ? 0 : 1, `${c.name}: upstream connections closed`)
    // A's connection goes on too
    const [again] = await a.send(get("/again"))
    assert.deepEqual([again!.status, text(again!)], [200, "clean"], c.name)
    a.destroy()
    b.destroy()
    await p.close()
    await up.close()
  }
})

interface RefusedCase {
  readonly name: string
  readonly request: string
}

const refusedCases: ReadonlyArray<RefusedCase> = [
  { name: "Transfer_Encoding", request: "POST /r HTTP/1.1\r\nHost: h\r\nTransfer_Encoding: chunked\r\nContent-Length: 5\r\n\r\nhello" },
  { name: "transfer_encoding", request: "POST /r HTTP/1.1\r\nHost: h\r\ntransfer_encoding: chunked\r\n\r\n0\r\n\r\n" },
  { name: "Content_Length", request: "POST /r HTTP/1.1\r\nHost: h\r\nContent_Length: 5\r\n\r\nhello" },
  { name: "CONTENT_LENGTH", request: "POST /r HTTP/1.1\r\nHost: h\r\nCONTENT_LENGTH: 5\r\n\r\nhello" },
  { name: "empty Transfer-Encoding", request: "POST /r HTTP/1.1\r\nHost: h\r\nTransfer-Encoding:\r\nContent-Length: 5\r\n\r\nhello" }
]

test("requests with framing headers spelled with _ or an empty Transfer-Encoding: 400 and close, nothing sent upstream", async () => {
  const up = await rawUpstream((_req, socket, done) => {
    socket.write(CLEAN)
    done()
  })
  const p = await runProxy(simpleConfig([up.address]))
  for (const c of refusedCases) {
    const client = await connect(p.port())
    const [r] = await client.send(c.request + get("/after"))
    assert.deepEqual([r!.status, getHeader(r!.headers, "connection")], [400, "close"], c.name)
    await client.closed
  }
  assert.deepEqual(up.seen, [])
  await p.close()
  await up.close()
})

test("HTTP/1.0 chunked requests (keep-alive or not): answered, then the connection is closed", async () => {
  const up = await rawUpstream((_req, socket, done) => {
    socket.write(CLEAN)
    done()
  })
  const p = await runProxy(simpleConfig([up.address]))
  for (const ka of ["", "Connection: keep-alive\r\n"]) {
    const client = await connect(p.port())
    const [r] = await client.send(`POST /c HTTP/1.0\r\n${ka}Transfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\nGET /next HTTP/1.0\r\n${ka}\r\n`)
    assert.deepEqual([r!.status, getHeader(r!.headers, "connection")], [200, "close"], ka)
    await client.closed
  }
  assert.deepEqual(up.seen, ["POST /c", "POST /c"])
  await p.close()
  await up.close()
})

test("pipelined requests go upstream one at a time, in order; replies stay in order", async () => {
  const up = await rawUpstream((req, socket, done) => {
    const delay = req.method === "POST" ? 60 : 0
    setTimeout(() => {
      done()
      const body = `${req.method} ${req.target}`
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`)
    }, delay)
  })
  const p = await runProxy(simpleConfig([up.address]))
  const c = await connect(p.port())
  const rs = await c.send("POST /first HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc" + get("/second") + get("/third"), 3)
  assert.deepEqual(rs.map(text), ["POST /first", "GET /second", "GET /third"])
  assert.deepEqual(up.seen, ["POST /first", "GET /second", "GET /third"])
  assert.equal(up.stats.maxInFlight, 1)
  assert.equal(up.stats.accepted, 1)
  // bad bytes pipelined behind a slow request: its 400 comes after the slow reply, then the connection closes
  const mixed = await c.send("POST /slow HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\nGET /nohost HTTP/1.1\r\n\r\n", 2)
  assert.deepEqual(mixed.map((r) => r.status), [200, 400])
  assert.equal(text(mixed[0]!), "POST /slow")
  await c.closed
  assert.deepEqual(up.seen, ["POST /first", "GET /second", "GET /third", "POST /slow"])
  await p.close()
  await up.close()
})
