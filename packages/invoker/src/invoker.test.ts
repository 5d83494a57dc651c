import { test } from "node:test"
import assert from "node:assert/strict"
import { Effect, Layer, Schema, type Scope } from "effect"
import { Code, ConfigError, definePlugin, Registry } from "@mosaic/kernel"
import { AfterInvokeKind, BeforeInvokeKind, type Channel, ChannelKind, RpcError, type RpcRequest } from "@mosaic/rpc"
import { PipeListeners, type Transport, TransportError } from "@mosaic/transport"
import * as NodeTransport from "@mosaic/transport-node"
import { buildInvoker } from "./plugin.ts"
import { InvokerConfig } from "./config.ts"
import { makeInvoker } from "./invoker.ts"
import { effectiveDeadline, requestTimeoutMs } from "./deadline.ts"

const bytes = (s: string) => new TextEncoder().encode(s)
const text = (b: Uint8Array) => new TextDecoder().decode(b)
const req = (header: Record<string, string> = {}, id = "svc") => ({ id, method: "m", contentType: "", header, data: bytes("x") })

const recording = (name: string, seen: Array<RpcRequest>, behave?: (r: RpcRequest) => Promise<void>): Channel => ({
  protocol: name,
  do: async (r) => {
    seen.push(r)
    if (behave) await behave(r)
    return { header: { via: name }, contentType: "text/plain", data: bytes(`${name}:${text(r.data)}`) }
  }
})

test("timeout: rpc_request_timeout when a positive int, else the default; min with the client deadline", () => {
  assert.equal(requestTimeoutMs({}, 3000), 3000)
  assert.equal(requestTimeoutMs({ rpc_request_timeout: "250" }, 3000), 250)
  assert.equal(requestTimeoutMs({ rpc_request_timeout: "0" }, 3000), 3000)
  assert.equal(requestTimeoutMs({ rpc_request_timeout: "abc" }, 3000), 3000)
  assert.deepEqual(effectiveDeadline(1000, 3000, undefined), { deadline: 4000, timeoutMs: 3000 })
  assert.deepEqual(effectiveDeadline(1000, 3000, 1500), { deadline: 1500, timeoutMs: 500 })
  assert.deepEqual(effectiveDeadline(1000, 300, 9000), { deadline: 1300, timeoutMs: 300 })
})

test("filters run in config order around the channel; the control key is not forwarded", async () => {
  const seen: Array<RpcRequest> = []
  const order: Array<string> = []
  const invoker = makeInvoker({
    before: [
      (r) => { order.push("b1"); return { ...r, data: bytes(text(r.data) + "1") } },
      async (r) => { order.push("b2"); return { ...r, data: bytes(text(r.data) + "2") } }
    ],
    after: [(res) => { order.push("a1"); return { ...res, header: { ...res.header, after: "yes" } } }],
    channels: [{ channel: recording("http", seen) }],
    defaultTimeoutMs: 3000
  })
  const res = await invoker.invoke(req({ rpc_request_timeout: "1000", keep: "v" }))
  assert.deepEqual(order, ["b1", "b2", "a1"])
  assert.equal(text(res.data), "http:x12")
  assert.equal(res.header.after, "yes")
  assert.equal(seen[0]!.header.rpc_request_timeout, undefined)
  assert.equal(seen[0]!.header.keep, "v")
  assert.ok(seen[0]!.timeoutMs <= 1000 && seen[0]!.timeoutMs > 900)
})

test("channels are chosen per request by id pattern and metadata; no match is NOT_FOUND", async () => {
  const a: Array<RpcRequest> = []
  const b: Array<RpcRequest> = []
  const invoker = makeInvoker({
    before: [], after: [], defaultTimeoutMs: 3000,
    channels: [
      { channel: recording("bolt", a), id: /^com\.example\./ },
      { channel: recording("dubbo", b), metadata: { proto: "dubbo" } }
    ]
  })
  assert.equal(text((await invoker.invoke(req({}, "com.example.Echo"))).data), "bolt:x")
  assert.equal(text((await invoker.invoke(req({ proto: "dubbo" }, "other"))).data), "dubbo:x")
  await assert.rejects(invoker.invoke(req({}, "other")), (e: RpcError) => e.code === Code.NOT_FOUND)
})

test("a slow channel fails with DEADLINE_EXCEEDED at the deadline, and its signal is aborted", async () => {
  let aborted = false
  const invoker = makeInvoker({
    before: [], after: [], defaultTimeoutMs: 3000,
    channels: [{ channel: recording("http", [], (r) => new Promise((resolve) => r.signal.addEventListener("abort", () => { aborted = true; resolve() }))) }]
  })
  const t0 = Date.now()
  await assert.rejects(invoker.invoke(req({ rpc_request_timeout: "80" })), (e: RpcError) => e.code === Code.DEADLINE_EXCEEDED)
  const took = Date.now() - t0
  assert.ok(took >= 75 && took < 500, `took ${took} ms`)
  assert.equal(aborted, true)
})

test("the client's deadline wins when it is earlier; client cancel is CANCELLED", async () => {
  const never = makeInvoker({ before: [], after: [], defaultTimeoutMs: 3000, channels: [{ channel: recording("http", [], () => new Promise(() => {})) }] })
  const t0 = Date.now()
  await assert.rejects(never.invoke(req(), { clientDeadline: Date.now() + 60 }), (e: RpcError) => e.code === Code.DEADLINE_EXCEEDED)
  assert.ok(Date.now() - t0 < 1000)
  const ac = new AbortController()
  setTimeout(() => ac.abort(), 20)
  await assert.rejects(never.invoke(req(), { signal: ac.signal }), (e: RpcError) => e.code === Code.CANCELLED)
})

test("errors: an RpcError passes through; a TransportError is UNAVAILABLE; other errors become UNKNOWN; a filter error stops the chain", async () => {
  const failing = makeInvoker({
    before: [], after: [], defaultTimeoutMs: 3000,
    channels: [{ channel: { protocol: "x", do: async () => { throw RpcError.of(Code.UNAVAILABLE, "upstream down") } } }]
  })
  await assert.rejects(failing.invoke(req()), (e: RpcError) => e.code === Code.UNAVAILABLE && e.message === "upstream down")
  const weird = makeInvoker({ before: [], after: [], defaultTimeoutMs: 3000, channels: [{ channel: { protocol: "x", do: async () => { throw new TypeError("boom") } } }] })
  await assert.rejects(weird.invoke(req()), (e: RpcError) => e.code === Code.UNKNOWN && e.message === "boom")
  const transport = makeInvoker({
    before: [], after: [], defaultTimeoutMs: 3000,
    channels: [{ channel: { protocol: "x", do: async () => { throw new TransportError({ reason: "ConnectFailed", message: "connect 127.0.0.1:1: refused" }) } } }]
  })
  await assert.rejects(transport.invoke(req()), (e: RpcError) => e.code === Code.UNAVAILABLE && e.message === "connect 127.0.0.1:1: refused")
  const seen: Array<RpcRequest> = []
  const stopped = makeInvoker({
    before: [() => { throw RpcError.of(Code.PERMISSION_DENIED, "nope") }], after: [], defaultTimeoutMs: 3000,
    channels: [{ channel: recording("http", seen) }]
  })
  await assert.rejects(stopped.invoke(req()), (e: RpcError) => e.code === Code.PERMISSION_DENIED)
  assert.equal(seen.length, 0)
})

test("the plugin builds filters and channels from the registry; unknown names are config errors with the path", async () => {
  const seen: Array<RpcRequest> = []
  const plugins = [
    definePlugin(BeforeInvokeKind, {
      name: "tag", description: "test", config: Schema.Struct({ value: Schema.String }),
      make: (c) => Effect.succeed((r: RpcRequest) => ({ ...r, header: { ...r.header, tag: c.value } }))
    }),
    definePlugin(AfterInvokeKind, { name: "noop", description: "test", config: Schema.Struct({}), make: () => Effect.succeed((res) => res) }),
    definePlugin(ChannelKind, {
      name: "http", description: "test", config: Schema.Struct({ listener: Schema.String }),
      make: (c) => Effect.succeed(recording(`http@${c.listener}`, seen))
    })
  ]
  const config = (raw: unknown) => Schema.decodeUnknownSync(InvokerConfig)(raw)
  // channels may dial (ChannelKind's services): the registry plus TCP and pipe listeners
  const layer = Layer.mergeAll(Registry.layer(plugins), NodeTransport.layer, PipeListeners.layer)
  const run = <A, E>(eff: Effect.Effect<A, E, Registry | Transport | PipeListeners | Scope.Scope>) =>
    Effect.runPromise(Effect.scoped(eff).pipe(Effect.provide(layer)))
  const invoker = await run(buildInvoker(config({
    before_invoke: [{ name: "tag", config: { value: "t1" } }, { name: "tag", config: { value: "only-x" }, match: { id: "^x$" } }],
    after_invoke: [{ name: "noop" }],
    channel: [{ protocol: "http", listener: "egress", size: 4 }]
  }), "rpcs.mosn.config"))
  const res = await invoker.invoke(req())
  assert.equal(text(res.data), "http@egress:x")
  assert.equal(seen[0]!.header.tag, "t1")
  await invoker.invoke(req({}, "x"))
  assert.equal(seen[1]!.header.tag, "only-x")
  const err = await run(Effect.flip(buildInvoker(config({ before_invoke: [{ name: "nope" }], channel: [{ protocol: "http", listener: "e" }] }), "rpcs.mosn.config")))
  assert.ok(err instanceof ConfigError)
  assert.match(err.message, /rpcs\.mosn\.config\.before_invoke\[0\]\.name: unknown before_invoke plugin "nope"/)
  const err2 = await run(Effect.flip(buildInvoker(config({ channel: [{ protocol: "carrier-pigeon" }] }), "rpcs.mosn.config")))
  assert.match(err2.message, /channel\[0\]\.protocol: unknown channel plugin "carrier-pigeon"/)
  const err3 = await run(Effect.flip(buildInvoker(config({ channel: [{ protocol: "http", listener: 5 }] }), "x")))
  assert.equal(err3.path, "x.channel[0].listener")
  assert.match(err3.message, /x\.channel\[0\]\.listener: Expected string/)
})
