// Tests: the README's "write your own stream filter plugin" example, through the package's public exports.
import { test } from "node:test"
import assert from "node:assert/strict"
import { Effect, Schema } from "effect"
import { definePlugin, makeRegistry } from "@mosaic/kernel"
import { getHeader } from "@mosaic/protocol-http1"
import { hostSourcePlugins, loadBalancerPlugins, StreamFilterKind, StreamFilterStatus } from "@mosaic/proxy"
import { connect, get, runProxy, startUpstream, text } from "../../../test-support/harness.ts"
import { filterConfig } from "../../../test-support/streams.ts"

const authFilterPlugin = definePlugin(StreamFilterKind, {
  name: "token_auth",
  description: "401 without the right x-token",
  config: Schema.Struct({ token: Schema.String }),
  make: (config: { token: string }) =>
    Effect.succeed({
      beforeRoute: (s) => {
        if (s.requestHeaders.get("x-token") === config.token) return StreamFilterStatus.Continue
        s.sendHijack(401, "bad token")
        return StreamFilterStatus.Stop
      },
      beforeSend: (s) => {
        s.responseHeaders.set("x-checked", "1")
        return StreamFilterStatus.Continue
      }
    })
})

test("README example: a token_auth stream filter plugin from the registry", async () => {
  const up = await startUpstream((_q, res) => res.end("secret data"))
  // the app's registry: the balancers and host sources its clusters name, and the filter
  const registry = Effect.runSync(makeRegistry([...loadBalancerPlugins, ...hostSourcePlugins, authFilterPlugin]))
  const config = filterConfig({ c: [up.address] }, [{ match: { prefix: "/" }, route: { cluster_name: "c" } }], [
    { type: "token_auth", config: { token: "s3cret" } }
  ])
  const p = await runProxy(config, { registry })
  const c = await connect(p.port())
  const [denied] = await c.send(get("/"))
  assert.deepEqual([denied!.status, getHeader(denied!.headers, "x-checked")], [401, "1"])
  const [ok] = await c.send(get("/", { "x-token": "s3cret" }))
  assert.deepEqual([ok!.status, text(ok!), getHeader(ok!.headers, "x-checked")], [200, "secret data", "1"])
  assert.equal(up.requests, 1)
  c.destroy()
  await p.close()
  await assert.rejects(runProxy({ ...config, listeners: [{ ...config.listeners[0]!, stream_filters: [{ type: "token_auth" }] }] }, { registry }), /stream_filters\[0\]\.config\.token/)
  await up.close()
})
