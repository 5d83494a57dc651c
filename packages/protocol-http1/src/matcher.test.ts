// Tests: the three-way HTTP/1 matcher against methods and other protocols' first bytes.
import { test } from "node:test"
import assert from "node:assert/strict"
import { matchHttp1 } from "./matcher.ts"

const m = (s: string | Array<number>) => matchHttp1(typeof s === "string" ? new TextEncoder().encode(s) : Uint8Array.from(s))

test("matchHttp1: methods followed by a space match", () => {
  for (const method of ["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "TRACE", "CONNECT", "LINK", "UNLINK"]) {
    assert.equal(m(`${method} / HTTP/1.1\r\n`), "match", method)
    assert.equal(m(`${method} `), "match", method)
    for (let i = 0; i <= method.length; i++) assert.equal(m(method.slice(0, i)), "again", `${method} prefix ${i}`)
  }
})

test("matchHttp1: other protocols do not match", () => {
  assert.equal(m("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), "no-match")
  assert.equal(m([0x01, 0x01, 0x00]), "no-match") // bolt
  assert.equal(m([0xda, 0xbb]), "no-match") // dubbo
  assert.equal(m([0x00, 0x00, 0x00, 0x10, 0x10, 0x00]), "no-match") // ttheader
  assert.equal(m("get / HTTP/1.1"), "no-match")
  assert.equal(m("GETX"), "no-match")
  assert.equal(m("P"), "again")
})
