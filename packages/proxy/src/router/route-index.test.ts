// Tests: the route index returns exactly what a first-match linear scan returns (random configs), and indexes 1,000 routes.
import { test } from "node:test"
import assert from "node:assert/strict"
import { Effect, Schema } from "effect"
import { decodeConfig } from "@mosaic/kernel"
import { Router } from "../config/router.ts"
import { seeded } from "../../test-support/load-balancing.ts"
import { RouteIndex } from "./route-index.ts"
import type { RouteRequest } from "./route-request.ts"
import { RouteRule } from "./route-rule.ts"

const rules = (json: Array<unknown>) =>
  Effect.runSync(decodeConfig(Schema.Array(Router), json)).map((r) => new RouteRule(r))
const req = (path: string, headers: Record<string, string> = {}, method = "GET"): RouteRequest => ({
  method,
  path,
  query: "",
  host: "h",
  header: (n) => headers[n]
})

test("random configs: index result === linear scan result for every request", () => {
  const rnd = seeded(42)
  const pick = <T>(xs: ReadonlyArray<T>): T => xs[Math.floor(rnd() * xs.length)]!
  const segs = ["a", "b", "api", "v1", "v2", "users", "img", "x"]
  const randPath = () => "/" + Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(segs)).join("/")
  const hdrs = ["id", "service", "x-ver"]
  const vals = ["1", "2", "Echo:1.0", "v2"]
  for (let round = 0; round < 20; round++) {
    const json: Array<unknown> = []
    for (let i = 0; i < 60; i++) {
      const match: Record<string, unknown> = {}
      const k = rnd()
      if (k < 0.2) match.prefix = randPath()
      else if (k < 0.35) match.path = randPath()
      else if (k < 0.5) match.regex = `^${randPath()}(/\\w+)?$`
      else if (k < 0.6) match.regex = `${pick(segs)}$`
      else if (k < 0.65) match.prefix = "/"
      if (rnd() < 0.5) {
        const n = 1 + Math.floor(rnd() * 2)
        match.headers = Array.from({ length: n }, () =>
          rnd() < 0.7 ? { name: pick(hdrs), value: pick(vals) } : { name: pick(hdrs), value: `^${pick(vals)[0]}`, regex: true })
      }
      if (rnd() < 0.05) match.headers = [{ name: "x-mosn-method", value: "POST" }]
      json.push({ match, route: { cluster_name: `c${i}` } })
    }
    const rs = rules(json)
    const index = new RouteIndex(rs)
    for (let q = 0; q < 300; q++) {
      const headers: Record<string, string> = {}
      for (const h of hdrs) if (rnd() < 0.5) headers[h] = pick(vals)
      const r = req(randPath() + (rnd() < 0.3 ? "/" + pick(segs) : ""), headers, rnd() < 0.2 ? "POST" : "GET")
      assert.equal(index.match(r), rs.find((x) => x.match(r)), `round ${round}, ${r.path} ${JSON.stringify(headers)}`)
    }
  }
})

test("1,000 regex and header routes: the last one is found through the index; misses fall through", () => {
  const json = Array.from({ length: 1000 }, (_, i) =>
    i % 2 === 0
      ? { match: { regex: `^/svc/r${i}/items/\\d+$` }, route: { cluster_name: `c${i}` } }
      : { match: { headers: [{ name: "x-route", value: `r${i}` }] }, route: { cluster_name: `c${i}` } })
  const rs = rules(json)
  const index = new RouteIndex(rs)
  assert.equal(index.match(req("/svc/r998/items/42"))?.action.clusterName, "c998")
  assert.equal(index.match(req("/anything", { "x-route": "r999" }))?.action.clusterName, "c999")
  assert.equal(index.match(req("/svc/r998/items/x")), undefined)
  assert.equal(index.match(req("/svc/r9/items/1")), undefined)
  // first match wins across index groups: an earlier header route beats a later regex route
  assert.equal(index.match(req("/svc/r998/items/1", { "x-route": "r1" }))?.action.clusterName, "c1")
})
