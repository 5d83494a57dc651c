// Tests: route rules and virtual-host selection by domain.
import { test } from "node:test"
import assert from "node:assert/strict"
import { Effect } from "effect"
import { decodeConfig } from "@mosaic/kernel"
import { RouterConfig } from "../config/router.ts"
import type { RouteRequest } from "./route-request.ts"
import { RouterTable, splitHost } from "./router-table.ts"

const table = (json: unknown) => new RouterTable(Effect.runSync(decodeConfig(RouterConfig, json)))

const req = (target: string, headers: Record<string, string> = {}, host = "any", method = "GET"): RouteRequest => {
  const q = target.indexOf("?")
  return {
    method,
    path: q === -1 ? target : target.slice(0, q),
    query: q === -1 ? "" : target.slice(q + 1),
    host,
    header: (n) => headers[n]
  }
}

const routes = (routers: Array<unknown>) => table({ router_config_name: "r", virtual_hosts: [{ name: "v", domains: ["*"], routers }] })
const to = (cluster_name: string) => ({ cluster_name })
const picked = (t: RouterTable, r: RouteRequest) => t.match(r)?.action.clusterName

test("Layotto demo routers: header id, regex .*", () => {
  const t = routes([{ match: { headers: [{ name: "id", value: "HelloService:1.0" }] }, route: to("http_server") }])
  assert.equal(picked(t, req("/hello", { id: "HelloService:1.0" })), "http_server")
  assert.equal(picked(t, req("/hello", { id: "Other:1.0" })), undefined)
  assert.equal(picked(t, req("/hello")), undefined)
  const any = routes([{ match: { regex: ".*" }, route: to("json") }])
  assert.equal(picked(any, req("/whatever?x")), "json")
})

test("prefix, path, regex, headers (regex and exact); first match wins", () => {
  const t = routes([
    { match: { path: "/exact" }, route: to("path") },
    { match: { prefix: "/api/", headers: [{ name: "x-ver", value: "^v[23]$", regex: true }] }, route: to("api-new") },
    { match: { prefix: "/api/" }, route: to("api") },
    { match: { regex: "^/img/.*\\.png$" }, route: to("img") },
    { match: { prefix: "/" }, route: to("default") }
  ])
  assert.equal(picked(t, req("/exact")), "path")
  assert.equal(picked(t, req("/exact?q=1")), "path")
  assert.equal(picked(t, req("/exact/more")), "default")
  assert.equal(picked(t, req("/api/x", { "x-ver": "v2" })), "api-new")
  assert.equal(picked(t, req("/api/x", { "x-ver": "v4" })), "api")
  assert.equal(picked(t, req("/img/a.png")), "img")
  assert.equal(picked(t, req("/img/a.gif")), "default")
})

test("MOSN request variables in header matches", () => {
  const t = routes([
    { match: { headers: [{ name: "x-mosn-method", value: "POST" }, { name: "x-mosn-path", value: "/p" }] }, route: to("post-p") },
    { match: { headers: [{ name: "x-mosn-querystring", value: "debug=1" }] }, route: to("debug") },
    { match: { headers: [{ name: "X-Mosn-Host", value: "^svc\\.", regex: true }] }, route: to("svc") }
  ])
  assert.equal(picked(t, req("/p", {}, "h", "POST")), "post-p")
  assert.equal(picked(t, req("/p", {}, "h", "GET")), undefined)
  assert.equal(picked(t, req("/x?debug=1")), "debug")
  assert.equal(picked(t, req("/x", {}, "svc.local:80")), "svc")
})

test("virtual host by domain: exact host:port > exact host > longest wildcard > *", () => {
  const t = table({
    router_config_name: "r",
    virtual_hosts: [
      { name: "default", domains: ["*"], routers: [{ route: to("default") }] },
      { name: "wild", domains: ["*.example.com"], routers: [{ route: to("wild") }] },
      { name: "wild-api", domains: ["*.api.example.com"], routers: [{ route: to("wild-api") }] },
      { name: "exact", domains: ["example.com"], routers: [{ route: to("exact") }] },
      { name: "port", domains: ["example.com:8080"], routers: [{ route: to("port") }] }
    ]
  })
  const at = (host: string) => picked(t, req("/", {}, host))
  assert.equal(at("example.com"), "exact")
  assert.equal(at("EXAMPLE.com:9090"), "exact")
  assert.equal(at("example.com:8080"), "port")
  assert.equal(at("a.example.com"), "wild")
  assert.equal(at("x.api.example.com:1"), "wild-api")
  assert.equal(at("other.org"), "default")
  assert.equal(at(""), "default")
  assert.equal(at("example.com"), "exact") // cached
  const noDefault = table({ router_config_name: "r", virtual_hosts: [{ domains: ["a.com"], routers: [{ route: to("a") }] }] })
  assert.equal(picked(noDefault, req("/", {}, "b.com")), undefined)
})

test("rewrites and timeouts from the route action", () => {
  const t = routes([
    { match: { prefix: "/old/" }, route: { cluster_name: "c", prefix_rewrite: "/new/", timeout: "1.5s" } },
    { match: { path: "/p" }, route: { cluster_name: "c", prefix_rewrite: "/q", timeout: 0 } }
  ])
  const a = t.match(req("/old/x"))!
  assert.equal(a.rewritePath("/old/x"), "/new/x")
  assert.equal(a.action.timeoutMs, 1500)
  const b = t.match(req("/p"))!
  assert.equal(b.rewritePath("/p"), "/q")
  assert.equal(b.action.timeoutMs, 60_000)
})

test("splitHost", () => {
  assert.deepEqual(splitHost("A.com:80"), ["a.com", "80"])
  assert.deepEqual(splitHost("[::1]:8080"), ["[::1]", "8080"])
  assert.deepEqual(splitHost("[::1]"), ["[::1]", ""])
  assert.deepEqual(splitHost("host"), ["host", ""])
})
