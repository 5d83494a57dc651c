// Tests: the `header` stream filter, top-level vs listener stream_filters, name resolution (one registry, duplicates, errors).
import { test } from "node:test"
import assert from "node:assert/strict"
import { Cause, Effect, Exit, Layer, Schema, Scope } from "effect"
import { decodeConfig, definePlugin, Lifecycle, type Plugin, Registry } from "@mosaic/kernel"
import { getHeader } from "@mosaic/protocol-http1"
import { PipeListeners } from "@mosaic/transport"
import { layer as tcpLayer } from "@mosaic/transport-node"
import { connect, get, runProxy, startUpstream, text } from "../../../test-support/harness.ts"
import { filterConfig } from "../../../test-support/streams.ts"
import { ProxyConfig } from "../../config/proxy-config.ts"
import { makeProxy } from "../../proxy.ts"
import { builtinRegistry } from "../../proxy-plan.ts"
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

/** Run a proxy from `json` with a kernel Registry of `plugins` in context. */
const withRegistry = async (plugins: ReadonlyArray<Plugin<any, any, any>>, json: unknown) => {
  const scope = await Effect.runPromise(Scope.make())
  const exit = await Effect.runPromiseExit(
    Effect.gen(function*() {
      return yield* makeProxy(yield* decodeConfig(ProxyConfig, json))
    }).pipe(Scope.provide(scope), Effect.provide(Layer.mergeAll(tcpLayer, PipeListeners.layer, Lifecycle.layer, Registry.layer(plugins))))
  )
  if (Exit.isFailure(exit)) {
    await Effect.runPromise(Scope.close(scope, Exit.void))
    return { error: Cause.squash(exit.cause) as { _tag?: string; reason?: string; message?: string } }
  }
  return { proxy: exit.value, close: () => Effect.runPromise(Scope.close(scope, Exit.void)) }
}

test("names resolve in the one kernel Registry in context: built-ins are plugins like any other; a second plugin of a built-in's name is a duplicate, never a shadow", async () => {
  const up = await startUpstream((_q, res) => res.end("ok"))
  const custom = (name: string) =>
    definePlugin(StreamFilterKind, {
      name,
      description: "sets x-custom",
      config: Schema.Struct({ value: Schema.String }),
      make: (config: { value: string }) =>
        Effect.succeed({
          beforeSend: (s) => {
            s.responseHeaders.set("x-custom", config.value)
            return StreamFilterStatus.Continue
          }
        })
    })
  const json = filterConfig({ c: [up.address] }, [{ match: { prefix: "/" }, route: { cluster_name: "c" } }], [
    { type: "my_header", config: { value: "v" } },
    { type: "header", config: { response_headers_to_add: [{ header: { key: "x-builtin", value: "1" } }] } }
  ])
  const builtins = builtinRegistry().plugins
  const ok = await withRegistry([...builtins, custom("my_header")], json)
  const c = await connect(ok.proxy!.listeners[0]!.port!)
  const [r] = await c.send(get("/"))
  assert.deepEqual([getHeader(r!.headers, "x-custom"), getHeader(r!.headers, "x-builtin")], ["v", "1"])
  c.destroy()
  await ok.close!()
  // a plugin named like a built-in beside the built-ins: the registry refuses both
  const dup = await withRegistry([...builtins, custom("header")], json)
  assert.deepEqual([dup.error?._tag, dup.error?.reason], ["RegistryError", "DuplicatePlugin"])
  assert.match(dup.error!.message!, /plugin "header" of kind "stream_filter" is registered twice/)
  // a registry without the built-in stream filters does not know them
  const bare = await withRegistry([...builtins.filter((p) => p.kind.id !== StreamFilterKind.id), custom("my_header")], json)
  assert.match(bare.error!.message!, /listeners\[0\]\.stream_filters\[1\]\.type: unknown stream_filter plugin "header" \(registered: my_header\)/)
  await up.close()
})
