// Tests: the `header` stream filter, top-level vs listener stream_filters, name resolution (registry, kernel Registry, errors).
import { test } from "node:test"
import assert from "node:assert/strict"
import { Effect, Exit, Layer, Schema, Scope } from "effect"
import { decodeConfig, definePlugin, Lifecycle, Registry } from "@mosaic/kernel"
import { getHeader } from "@mosaic/protocol-http1"
import { PipeListeners } from "@mosaic/transport"
import { layer as tcpLayer } from "@mosaic/transport-node"
import { connect, get, runProxy, startUpstream, text } from "../../../test-support/harness.ts"
import { filterConfig } from "../../../test-support/streams.ts"
import { ProxyConfig } from "../../config/proxy-config.ts"
import { makeProxy } from "../../proxy.ts"
import { StreamFilterKind, StreamFilterStatus } from "../filter.ts"

test("header filter: request headers changed before routing, response headers before sending (also on hijacks)", async () => {
  const up = await startUpstream((req, res) => {
    res.setHeader("x-internal", "secret")
    res.end(`${req.headers["x-env"]}|${req.headers["x-drop"] ?? "-"}`)
  })
  const config = filterConfig({ c: [up.address] }, [{ match: { prefix: "/app", headers: [{ name: "x-env", value: "prod" }] }, route: { cluster_name: "c" } }], [])
  const p = await runProxy({
    ...config,
    listeners: config.listeners.map(({ stream_filters: _, ...l }) => l),
    stream_filters: [{
      type: "header",
      config: {
        request_headers_to_add: [{ header: { key: "x-env", value: "prod" }, append: false }],
        request_headers_to_remove: ["x-drop"],
        response_headers_to_add: [{ header: { key: "x-via", value: "mosaic" } }],
        response_headers_to_remove: ["x-internal"]
      }
    }]
  })
  const c = await connect(p.port())
  const [r] = await c.send(get("/app", { "x-env": "dev", "x-drop": "1" }))
  assert.deepEqual([r!.status, text(r!), getHeader(r!.headers, "x-via"), getHeader(r!.headers, "x-internal")], [200, "prod|-", "mosaic", undefined])
  const [h] = await c.send(get("/elsewhere"))
  assert.deepEqual([h!.status, getHeader(h!.headers, "x-via")], [404, "mosaic"])
  c.destroy()
  await p.close()
  await up.close()
})

test("stream_filters: a listener's own list replaces the top-level one; unknown names and bad configs fail with their JSON path", async () => {
  const up = await startUpstream((_q, res) => res.end("ok"))
  const base = filterConfig({ c: [up.address] }, [{ match: { prefix: "/" }, route: { cluster_name: "c" } }], [
    { type: "header", config: { response_headers_to_add: [{ header: { key: "x-own", value: "1" } }] } }
  ])
  const p = await runProxy({ ...base, stream_filters: [{ type: "header", config: { response_headers_to_add: [{ header: { key: "x-top", value: "1" } }] } }] })
  const c = await connect(p.port())
  const [r] = await c.send(get("/"))
  assert.deepEqual([getHeader(r!.headers, "x-own"), getHeader(r!.headers, "x-top")], ["1", undefined])
  c.destroy()
  await p.close()
  await assert.rejects(runProxy({ ...base, listeners: [{ ...base.listeners[0]!, stream_filters: [{ type: "nope" }] }] }), /listeners\[0\]\.stream_filters\[0\]\.type.*unknown stream_filter plugin "nope"/)
  const { stream_filters: _, ...plain } = base.listeners[0]!
  const badTop = { ...base, listeners: [plain], stream_filters: [{ type: "fault", config: { abort: { status: 42, percentage: 10 } } }] }
  await assert.rejects(runProxy(badTop), /at stream_filters\[0\]\.config\.abort\.status/)
  await up.close()
})

test("names resolve through the kernel Registry in context (its plugins win over built-ins of the same name)", async () => {
  const up = await startUpstream((_q, res) => res.end("ok"))
  const custom = definePlugin(StreamFilterKind, {
    name: "header",
    description: "replaces the built-in",
    config: Schema.Struct({ value: Schema.String }),
    make: (config: { value: string }) =>
      Effect.succeed({
        beforeSend: (s) => {
          s.responseHeaders.set("x-custom", config.value)
          return StreamFilterStatus.Continue
        }
      })
  })
  const json = filterConfig({ c: [up.address] }, [{ match: { prefix: "/" }, route: { cluster_name: "c" } }], [{ type: "header", config: { value: "v" } }])
  const scope = await Effect.runPromise(Scope.make())
  const proxy = await Effect.runPromise(
    Effect.gen(function*() {
      return yield* makeProxy(yield* decodeConfig(ProxyConfig, json))
    }).pipe(Scope.provide(scope), Effect.provide(Layer.mergeAll(tcpLayer, PipeListeners.layer, Lifecycle.layer, Registry.layer([custom]))))
  )
  const c = await connect(proxy.listeners[0]!.port!)
  const [r] = await c.send(get("/"))
  assert.equal(getHeader(r!.headers, "x-custom"), "v")
  c.destroy()
  await Effect.runPromise(Scope.close(scope, Exit.void))
  await up.close()
})
