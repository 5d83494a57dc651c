import { test } from "node:test"
import assert from "node:assert/strict"
import { findUnimplemented } from "./unimplemented.ts"

const tls = [{ key: "status", refuse: (v: unknown) => v === true, expected: "no TLS" }]

test("finds the first refused setting anywhere and names its JSON path", () => {
  const config = { servers: [{ listeners: [{ name: "a" }, { filter_chains: [{ tls_context: { status: true } }] }] }] }
  const e = findUnimplemented(config, tls)
  assert.equal(e?.path, "servers[0].listeners[1].filter_chains[0].tls_context.status")
  assert.equal(e?.message, "config error at servers[0].listeners[1].filter_chains[0].tls_context.status: no TLS")
})

test("values the rule accepts, and configs without the key, pass", () => {
  assert.equal(findUnimplemented({ tls_context: { status: false }, list: [1, "x", null] }, tls), undefined)
  assert.equal(findUnimplemented("text", tls), undefined)
})
