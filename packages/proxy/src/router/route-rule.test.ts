// Tests: route actions: cluster_header, weighted_clusters, rewrites, retry_policy, hash_policy, header ops, mirror sampling.
import { test } from "node:test"
import assert from "node:assert/strict"
import { Effect } from "effect"
import { decodeConfig } from "@mosaic/kernel"
import { RouterConfig } from "../config/router.ts"
import { cookieValue, sourceIp } from "./hash-policy.ts"
import type { RouteRequest } from "./route-request.ts"
import { regexLiteralPrefix } from "./route-rule.ts"
import { RouterTable, type RouterTableOptions } from "./router-table.ts"
import { seeded } from "../../test-support/load-balancing.ts"

const req = (path: string, headers: Record<string, string> = {}, host = "any"): RouteRequest => ({
  method: "GET",
  path,
  query: "",
  host,
  header: (n) => headers[n]
})
const table = (json: Record<string, unknown>, options?: RouterTableOptions) =>
  new RouterTable(Effect.runSync(decodeConfig(RouterConfig, { router_config_name: "r", ...json })), options)
const routes = (routers: Array<unknown>, options?: RouterTableOptions) => table({ virtual_hosts: [{ name: "v", domains: ["*"], routers }] }, options)

test("cluster_header: the cluster name comes from a request header (RPC headers too); missing = \"\"", () => {
  const t = routes([{ match: { prefix: "/" }, route: { cluster_header: "X-Target" } }])
  const r = t.match(req("/a", { "x-target": "svc-b" }))!
  assert.equal(r.clusterName(req("/a", { "x-target": "svc-b" })), "svc-b")
  assert.equal(r.clusterName(req("/a")), "")
})

test("weighted_clusters (MOSN and Envoy shapes): picks follow the weights, deterministic with an injected random", () => {
  for (const weighted_clusters of [
    [{ cluster: { name: "a", weight: 1 } }, { cluster: { name: "b", weight: 3 } }, { cluster: { name: "zero", weight: 0 } }],
    { clusters: [{ name: "a", weight: 1 }, { name: "b", weight: 3 }] }
  ]) {
    const values = [0, 0.24, 0.25, 0.99]
    let i = 0
    const t = routes([{ route: { weighted_clusters } }], { random: () => values[i++]! })
    const rule = t.match(req("/"))!
    assert.deepEqual(values.map(() => rule.clusterName(req("/"))), ["a", "a", "b", "b"])
    const r2 = routes([{ route: { weighted_clusters } }], { random: seeded(7) }).match(req("/"))!
    let a = 0
    for (let k = 0; k < 10_000; k++) if (r2.clusterName(req("/")) === "a") a++
    assert.ok(Math.abs(a / 10_000 - 0.25) < 0.03, `a got ${a}`)
  }
})

test("prefix_rewrite, then regex_rewrite (every match, Go-style ${1} groups); host_rewrite and auto_host_rewrite flags", () => {
  const t = routes([
    { match: { prefix: "/v1/" }, route: { cluster_name: "c", prefix_rewrite: "/api/v1/", regex_rewrite: { pattern: { regex: "/(\\d+)" }, substitution: "/id-${1}" } } },
    { match: { regex: "^/users/\\d+$" }, route: { cluster_name: "c", regex_rewrite: { pattern: { regex: "^/users/(\\d+)$" }, substitution: "/u?id=$1" }, auto_host_rewrite: true } },
    { match: { path: "/p" }, route: { cluster_name: "c", host_rewrite: "h.local" } }
  ])
  const a = t.match(req("/v1/x/12/y/34"))!
  assert.equal(a.rewritePath("/v1/x/12/y/34"), "/api/v1/x/id-12/y/id-34")
  assert.ok(a.rewritesPath)
  const b = t.match(req("/users/42"))!
  assert.equal(b.rewritePath("/users/42"), "/u?id=42")
  assert.equal(b.rewritePath("/users/42"), "/u?id=42") // the global regex is reusable
  assert.equal(b.action.autoHostRewrite, true)
  const c = t.match(req("/p"))!
  assert.equal(c.rewritesPath, false)
  assert.equal(c.action.hostRewrite, "h.local")
})

test("timeout and retry_policy are parsed and exposed for the retry work", () => {
  const t = routes([
    { match: { prefix: "/r" }, route: { cluster_name: "c", timeout: "2s", retry_policy: { retry_on: true, retry_timeout: "300ms", num_retries: 3, status_codes: [502, 503] } } },
    { match: { prefix: "/" }, route: { cluster_name: "c" } }
  ])
  const r = t.match(req("/r"))!.action
  assert.equal(r.timeoutMs, 2000)
  assert.deepEqual(r.retryPolicy, { retryOn: true, retryTimeoutMs: 300, numRetries: 3, statusCodes: [502, 503], retryNonIdempotent: false })
  assert.equal(t.match(req("/x"))!.action.retryPolicy, undefined)
})

test("hash_policy: header (or RPC header / MOSN variable), cookie, source_ip; the first that yields a value", () => {
  const t = routes([{ route: { cluster_name: "c", hash_policy: [{ header: { key: "X-User" } }, { cookie: { name: "sid" } }, { source_ip: {} }] } }])
  const p = t.match(req("/"))!.action.hashPolicy!
  assert.equal(p.key(req("/", { "x-user": "u1", cookie: "sid=s1" }), "10.1.2.3:5555"), "u1")
  assert.equal(p.key(req("/", { cookie: "a=1; sid=s1" }), "10.1.2.3:5555"), "s1")
  assert.equal(p.key(req("/"), "10.1.2.3:5555"), "10.1.2.3")
  const rpc = routes([{ route: { cluster_name: "c", hash_policy: [{ header: { key: "service" } }] } }]).match(req("/"))!.action.hashPolicy!
  assert.equal(rpc.key(req("", { service: "com.example.Echo:1.0" }), "pipe"), "com.example.Echo:1.0")
  assert.equal(rpc.key(req(""), "pipe"), undefined)
  const v = routes([{ route: { cluster_name: "c", hash_policy: [{ header: { key: "x-mosn-path" } }] } }]).match(req("/"))!.action.hashPolicy!
  assert.equal(v.key(req("/some/path"), ""), "/some/path")
  assert.equal(sourceIp("[::1]:80"), "::1")
  assert.equal(sourceIp("pipe"), "pipe")
  assert.equal(cookieValue("a=1;  b = 2 ", "b"), "2")
})

test("header ops: route, then virtual host, then router config; removals before additions; append false replaces", () => {
  const t = table({
    request_headers_to_add: [{ header: { key: "x-router", value: "r" } }],
    response_headers_to_remove: ["server"],
    virtual_hosts: [{
      domains: ["*"],
      request_headers_to_add: [{ header: { key: "x-vh", value: "v" } }, { header: { key: "x-route", value: "from-vh" }, append: false }],
      request_headers_to_remove: ["x-secret"],
      response_headers_to_add: [{ header: { key: "x-served-by", value: "mosaic" } }],
      routers: [{
        route: {
          cluster_name: "c",
          request_headers_to_add: [{ header: { key: "x-route", value: "1" } }, { header: { key: "host", value: "h" }, append: false }],
          response_headers_to_add: [{ header: { key: "x-cache", value: "miss" }, append: false }]
        }
      }]
    }]
  })
  const a = t.match(req("/"))!.action
  assert.deepEqual(a.requestHeaders.apply(["Host", "a", "X-Secret", "s", "X-Route", "0"]), [
    "host", "h", "x-vh", "v", "x-route", "from-vh", "x-router", "r"
  ])
  assert.deepEqual(a.responseHeaders.apply(["X-Cache", "hit", "Server", "up"]), ["x-cache", "miss", "x-served-by", "mosaic"])
  const m = new Map([["x-secret", "s"], ["service", "svc"]])
  a.requestHeaders.applyToMap(m)
  assert.deepEqual(Object.fromEntries(m), { service: "svc", "x-route": "from-vh", host: "h", "x-vh": "v", "x-router": "r" })
  assert.equal(routes([{ route: { cluster_name: "c" } }]).match(req("/"))!.action.requestHeaders.empty, true)
})

test("request_mirror_policies: percent sampled with the injected random; 0 never, 100 always", () => {
  const values = [0.05, 0.2]
  let i = 0
  const t = routes([
    { match: { prefix: "/half" }, route: { cluster_name: "c" }, request_mirror_policies: { cluster: "shadow", percent: 10 } },
    { match: { prefix: "/all" }, route: { cluster_name: "c" }, request_mirror_policies: { cluster: "shadow" } },
    { match: { prefix: "/never" }, route: { cluster_name: "c" }, request_mirror_policies: { cluster: "shadow", percent: 0 } }
  ], { random: () => values[i++]! })
  const half = t.match(req("/half"))!
  assert.deepEqual(half.action.mirror, { cluster: "shadow", percent: 10 })
  assert.deepEqual([half.sampleMirror(), half.sampleMirror()], [true, false])
  assert.equal(t.match(req("/all"))!.sampleMirror(), true)
  assert.equal(t.match(req("/never"))!.sampleMirror(), false)
})

test("direct_response: status and body, no cluster", () => {
  const t = routes([{ match: { path: "/health" }, direct_response: { status: 503, body: "down" } }])
  const d = t.match(req("/health"))!.action.directResponse!
  assert.equal(d.status, 503)
  assert.equal(new TextDecoder().decode(d.body), "down")
})

test("regexLiteralPrefix: only text every match must start with", () => {
  assert.equal(regexLiteralPrefix("^/api/v1/users/\\d+$"), "/api/v1/users/")
  assert.equal(regexLiteralPrefix("^/a\\.b/c"), "/a.b/c")
  assert.equal(regexLiteralPrefix("^/abc?"), "/ab")
  assert.equal(regexLiteralPrefix("^/ab+c"), "/ab")
  assert.equal(regexLiteralPrefix("^/a{2}"), "/")
  assert.equal(regexLiteralPrefix("^/(x|y)"), "")
  assert.equal(regexLiteralPrefix("/api/.*"), "")
  assert.equal(regexLiteralPrefix("^/x\\w"), "/x")
})
