// The h2 hand-off's session deadlines (the listener's limits): no first stream, idle session, stalled request body.
import { test } from "node:test"
import assert from "node:assert/strict"
import * as http2 from "node:http2"
import * as net from "node:net"
import type { Http2Target } from "@mosaic/proxy"
import { TcpConnection } from "@mosaic/transport-node"
import { createHttp2Handoff } from "./handoff.ts"

const LIMITS: NonNullable<Http2Target["limits"]> = {
  connection_idle_timeout: 800, header_read_timeout: 400, request_body_timeout: 600,
  max_header_bytes: 16384, max_body_bytes: 4 * 1024 * 1024, max_connections: 0
}
const LATE_MS = 2500

const withHandoff = async (body: (port: number) => Promise<void>) => {
  const handoff = createHttp2Handoff({
    runtime: (req, res) => {
      req.resume()
      req.on("end", () => res.end("ok"))
    }
  })
  const target: Http2Target = {
    mode: "runtime", rejectAll: false, admit: () => true, pickHost: () => "unused",
    onClose: () => {}, log: () => {}, limits: LIMITS
  }
  const server = net.createServer((socket) => {
    const conn = new TcpConnection(socket)
    handoff.take(conn, new Uint8Array(0), conn, target)
  })
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()))
  try {
    await body((server.address() as net.AddressInfo).port)
  } finally {
    handoff.closeAll()
    await new Promise<void>((r) => server.close(() => r()))
  }
}

test("a connection that sends the preface and SETTINGS but opens no stream: GOAWAY and close after header_read_timeout", async () => {
  await withHandoff(async (port) => {
    const s = net.connect(port, "127.0.0.1")
    s.on("error", () => {})
    let started = 0
    let bytes = Buffer.alloc(0)
    s.on("data", (d: Buffer) => void (bytes = Buffer.concat([bytes, d])))
    s.on("connect", () => {
      started = Date.now()
      s.write(Buffer.concat([Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])]))
    })
    await new Promise((r) => s.on("close", r))
    const ms = Date.now() - started
    assert.ok(ms >= 350 && ms < 400 + LATE_MS, `closed after ${ms}`)
    let goaway = false
    for (let i = 0; i + 9 <= bytes.length; i += 9 + bytes.readUIntBE(i, 3)) goaway ||= bytes[i + 3] === 7
    assert.ok(goaway, "GOAWAY sent")
  })
})

test("a stalled request body is reset after request_body_timeout; the idle session gets GOAWAY after connection_idle_timeout", async () => {
  await withHandoff(async (port) => {
    const session = http2.connect(`http://127.0.0.1:${port}`)
    session.on("error", () => {})
    try {
      const goaway = new Promise<number>((resolve) => session.once("goaway", () => resolve(Date.now())))
      const ok = session.request({ ":method": "POST", ":path": "/x" })
      let answer = ""
      ok.setEncoding("utf8").on("data", (s: string) => void (answer += s))
      ok.end("done")
      await new Promise((r) => ok.on("close", r))
      assert.equal(answer, "ok")
      const started = Date.now()
      const stalled = session.request({ ":method": "POST", ":path": "/x" })
      stalled.on("error", () => {})
      stalled.write("partial")
      stalled.resume()
      const code = await new Promise<number>((resolve) => stalled.on("close", () => resolve(stalled.rstCode ?? -1)))
      const resetMs = Date.now() - started
      assert.equal(code, http2.constants.NGHTTP2_CANCEL)
      assert.ok(resetMs >= 550 && resetMs < 600 + LATE_MS, `reset after ${resetMs}`)
      const idleFrom = Date.now()
      const at = await goaway
      assert.ok(at - idleFrom >= 700 && at - idleFrom < 800 + LATE_MS, `goaway after ${at - idleFrom}`)
    } finally {
      session.destroy()
    }
  })
})
