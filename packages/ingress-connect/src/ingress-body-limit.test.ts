// End to end: bodies over max_body_bytes are refused by content-length before being read, and chunked ones cut at the limit.
import { test } from "node:test"
import assert from "node:assert/strict"
import * as net from "node:net"
import { Code as ConnectCode, ConnectError } from "@connectrpc/connect"
import { makeFakeInvoker, withIngress } from "../../../test/support/index.ts"

const SAY_HELLO = "/spec.proto.runtime.v1.Runtime/SayHello"
const MiB = 1024 * 1024
const HUGE = 200 * MiB
/** What the kernel's socket buffers can hold on loopback, with room to spare: far below HUGE. */
const BUFFERED_BOUND = 48 * MiB

interface Upload {
  /** Bytes the client managed to write before the server closed. */
  readonly sent: number
  readonly ms: number
  readonly answer: string
}

/** Write `head`, then up to `total` body bytes (raw, or as chunks of 64 KiB), until the server closes. */
const upload = (port: number, head: string, total: number, chunked: boolean) =>
  new Promise<Upload>((resolve, reject) => {
    const s = net.connect(port, "127.0.0.1")
    const piece = Buffer.alloc(64 * 1024, 0x20)
    const framed = chunked ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")]) : piece
    let sent = 0
    let answer = ""
    let started = 0
    const timer = setTimeout(() => {
      s.destroy()
      reject(new Error(`not closed; sent ${sent}`))
    }, 30_000)
    s.on("connect", () => {
      started = Date.now()
      s.write(head)
      const pump = () => {
        while (sent < total && !s.destroyed && s.writable) {
          sent += piece.length
          if (!s.write(framed)) return void s.once("drain", pump)
        }
      }
      pump()
    })
    s.on("data", (d) => void (answer += d.toString("latin1")))
    s.on("error", () => {})
    s.on("close", () => {
      clearTimeout(timer)
      resolve({ sent, ms: Date.now() - started, answer })
    })
  })

const post = (contentType: string, length: number | "chunked") =>
  `POST ${SAY_HELLO} HTTP/1.1\r\nHost: a\r\nContent-Type: ${contentType}\r\n` +
  (length === "chunked" ? "Transfer-Encoding: chunked\r\n\r\n" : `Content-Length: ${length}\r\n\r\n`)

test("Connect JSON with content-length 200 MB: 413 resource_exhausted, the body is not read", async () => {
  const fake = makeFakeInvoker()
  await withIngress(fake.invoker, { max_body_bytes: MiB }, async ({ ingress }) => {
    const r = await upload(ingress.server.port, post("application/json", HUGE), HUGE, false)
    assert.match(r.answer, /^HTTP\/1\.1 413 /)
    assert.match(r.answer, /connection: close/i)
    assert.match(r.answer, /"code":"resource_exhausted"/)
    assert.ok(r.sent < BUFFERED_BOUND, `client wrote ${(r.sent / MiB).toFixed(1)} MiB before the close`)
    assert.equal(fake.calls.length, 0)
  })
})

test("gRPC-Web and Connect streaming with an oversize content-length: RESOURCE_EXHAUSTED in their own framing", async () => {
  const fake = makeFakeInvoker()
  await withIngress(fake.invoker, { max_body_bytes: MiB }, async ({ ingress }) => {
    const web = await upload(ingress.server.port, post("application/grpc-web+proto", HUGE), HUGE, false)
    assert.match(web.answer, /^HTTP\/1\.1 200 /)
    assert.match(web.answer, /grpc-status: 8\r\n/)
    assert.ok(web.sent < BUFFERED_BOUND, `client wrote ${(web.sent / MiB).toFixed(1)} MiB`)
    const stream = await upload(ingress.server.port, post("application/connect+json", 2 * MiB), 2 * MiB, false)
    assert.match(stream.answer, /^HTTP\/1\.1 200 /)
    // end-stream envelope (flags 0x02) carrying Connect's error JSON
    assert.match(stream.answer, /\x02\x00\x00\x00.\{"error":\{"code":"resource_exhausted"/)
  })
})

test("a chunked Connect JSON body is cut at max_body_bytes with resource_exhausted", async () => {
  const fake = makeFakeInvoker()
  await withIngress(fake.invoker, { max_body_bytes: MiB }, async ({ ingress }) => {
    const r = await upload(ingress.server.port, post("application/json", "chunked"), HUGE, true)
    assert.match(r.answer, /"code":"resource_exhausted"/)
    assert.ok(r.sent < BUFFERED_BOUND, `client wrote ${(r.sent / MiB).toFixed(1)} MiB before the close`)
    assert.equal(fake.calls.length, 0)
  })
})

test("connect-node clients over both HTTP versions get RESOURCE_EXHAUSTED; smaller calls still work", async () => {
  const fake = makeFakeInvoker()
  await withIngress(fake.invoker, { max_body_bytes: 64 * 1024 }, async ({ clients }) => {
    const name = "x".repeat(100 * 1024)
    for (const [label, client] of clients.connect) {
      const err = await client.sayHello({ name }).then(() => undefined, (e: unknown) => ConnectError.from(e))
      assert.equal(err?.code, ConnectCode.ResourceExhausted, `${label}: ${err?.message}`)
      assert.equal((await client.sayHello({ name: "small" })).hello, "greeting, small", label)
    }
  })
})
