// Tests: TransPipeline ordering and abort rules, attachPipeline over a pipe, and both limiters with a fake clock.
import assert from "node:assert/strict"
import { test } from "node:test"
import { createPipe } from "@mosaic/transport"
import { PipelineError } from "./errors.ts"
import { createConnectionLimiter, createQpsLimiter } from "./limiters.ts"
import { attachPipeline, createPipeline, type InboundHandler, type PipelineContext } from "./pipeline.ts"
import { bytes, flush } from "./test-kit.fixture.ts"

const ctxOf = (): PipelineContext => ({ connection: createPipe()[1] })

test("stages run handlers in order, then the net handler; the first error aborts", () => {
  const log: Array<string> = []
  const h = (name: string, fail?: string): InboundHandler & { write?: (c: PipelineContext, m: unknown) => Error | undefined } => ({
    onActive: () => (log.push(`${name}.active`), fail === "active" ? new Error(name) : undefined),
    onRead: () => (log.push(`${name}.read`), fail === "read" ? new Error(name) : undefined),
    onMessage: () => void log.push(`${name}.message`),
    onInactive: () => (log.push(`${name}.inactive`), new Error("ignored")),
    write: () => (log.push(`${name}.write`), fail === "write" ? new Error(name) : undefined)
  })
  const net = h("net")
  const p = createPipeline({ inbound: [h("a"), h("b", "read")], outbound: [h("o", "write")], net, isException: (m) => m === "exc" })
  const ctx = ctxOf()
  assert.equal(p.onActive(ctx), undefined)
  assert.equal(p.onRead(ctx, new Uint8Array(1))?.message, "b")
  assert.equal(p.onMessage(ctx, "exc"), undefined)
  p.onMessage(ctx, "ok")
  assert.equal(p.write(ctx, "reply")?.message, "o")
  p.onInactive(ctx)
  assert.deepEqual(log, [
    "a.active", "b.active", "net.active",
    "a.read", "b.read",
    "a.message", "b.message",
    "a.message", "b.message", "net.message",
    "o.write",
    "a.inactive", "b.inactive", "net.inactive"
  ])
  log.length = 0
  p.prependInbound(h("meta"))
  p.addOutbound(h("o2"))
  p.onActive(ctx)
  assert.equal(log[0], "meta.active")
})

test("connection limiter: over the limit the protocol answers, then the connection is ended; closing releases", async () => {
  const rejected: Array<string> = []
  const limiter = createConnectionLimiter<PipelineContext>({
    max: 2,
    onReject: (ctx) => void (rejected.push("over"), ctx.connection.write(bytes("busy")))
  })
  const reads: Array<string> = []
  const pipeline = createPipeline<PipelineContext>({
    inbound: [limiter],
    net: { onRead: (_, b) => void reads.push(new TextDecoder().decode(b)) }
  })
  const clients = Array.from({ length: 3 }, () => createPipe())
  const seen = clients.map(() => ({ data: "", closed: false }))
  clients.forEach(([client, server], i) => {
    client.setHandler({ onData: (c) => void (seen[i]!.data += new TextDecoder().decode(c)), onClose: () => void (seen[i]!.closed = true) })
    attachPipeline(pipeline, { connection: server })
  })
  await flush()
  assert.equal(limiter.active, 2)
  assert.deepEqual(rejected, ["over"])
  assert.deepEqual(seen[2], { data: "busy", closed: true })
  assert.equal(seen[0]!.closed, false)
  clients[0]![0].write(bytes("hi"))
  await flush()
  assert.deepEqual(reads, ["hi"])
  clients[0]![0].end()
  await flush()
  assert.equal(limiter.active, 1)
  const [c4, s4] = createPipe()
  attachPipeline(pipeline, { connection: s4 })
  assert.equal(limiter.active, 2)
  assert.equal(c4.closed, false)
  // Limiter errors are tagged.
  const ctx = ctxOf()
  const e = limiter.onActive!(ctx)
  assert.ok(e instanceof PipelineError && e.reason === "ConnOverLimit")
})

test("QPS limiter: a token bucket refilled per interval on a fake clock, checked before decode by default", () => {
  let now = 1000
  const rejected: Array<unknown> = []
  const q = createQpsLimiter<PipelineContext>({ qps: 50, intervalMs: 100, now: () => now, onReject: (_, m) => void rejected.push(m) })
  const ctx = ctxOf()
  const read = () => q.onRead!(ctx, new Uint8Array(1))
  assert.equal(q.onMessage, undefined)
  for (let i = 0; i < 5; i++) assert.equal(read(), undefined)
  const e = read()
  assert.ok(e instanceof PipelineError && e.reason === "QpsOverLimit")
  assert.deepEqual(rejected, [undefined])
  now += 99
  assert.ok(read() instanceof PipelineError)
  now += 1
  for (let i = 0; i < 5; i++) assert.equal(read(), undefined)
  assert.ok(read() instanceof PipelineError)
  now += 10_000 // a long idle period refills only up to the burst
  assert.equal(q.tokens, 5)
})

test("QPS limiter after decode, fractional rates and a custom burst", () => {
  let now = 0
  const rejected: Array<unknown> = []
  const q = createQpsLimiter<PipelineContext, string>({ qps: 5, now: () => now, postDecode: true, onReject: (_, m) => void rejected.push(m) })
  const ctx = ctxOf()
  assert.equal(q.onRead, undefined)
  assert.equal(q.onMessage!(ctx, "m1"), undefined)
  assert.ok(q.onMessage!(ctx, "m2") instanceof PipelineError)
  assert.deepEqual(rejected, ["m2"])
  now = 100 // 0.5 token per 100 ms
  assert.equal(q.tryAcquire(), false)
  now = 200
  assert.equal(q.tryAcquire(), true)
  const burst = createQpsLimiter({ qps: 10, intervalMs: 1000, burst: 3, now: () => 0 })
  assert.deepEqual([1, 2, 3, 4].map(() => burst.tryAcquire()), [true, true, true, false])
})

test("attachPipeline: an onRead error (QPS before decode) ends the connection and runs onInactive once", async () => {
  let now = 0
  let inactive = 0
  const q = createQpsLimiter<PipelineContext>({ qps: 10, now: () => now })
  const pipeline = createPipeline<PipelineContext>({ inbound: [q], net: { onInactive: () => void inactive++ } })
  const [client, server] = createPipe()
  let closed = false
  client.setHandler({ onData: () => {}, onClose: () => void (closed = true) })
  attachPipeline(pipeline, { connection: server })
  client.write(bytes("a"))
  await flush()
  assert.equal(closed, false)
  client.write(bytes("b"))
  await flush()
  assert.equal(closed, true)
  assert.equal(inactive, 1)
})
