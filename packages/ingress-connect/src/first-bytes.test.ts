// Tests for the first-bytes classifier.
import { test } from "node:test"
import assert from "node:assert/strict"
import { classifyFirstBytes, H2_PREFACE } from "./first-bytes.ts"

const bytes = (s: string) => new TextEncoder().encode(s)

test("the full preface (and more) is h2", () => {
  assert.equal(classifyFirstBytes(H2_PREFACE), "h2")
  assert.equal(classifyFirstBytes(new Uint8Array([...H2_PREFACE, 0, 0, 0, 4])), "h2")
})

test("a proper prefix of the preface asks for more", () => {
  assert.equal(classifyFirstBytes(new Uint8Array(0)), "more")
  assert.equal(classifyFirstBytes(bytes("PRI * HTTP/2")), "more")
  assert.equal(classifyFirstBytes(H2_PREFACE.subarray(0, 23)), "more")
})

test("anything else is HTTP/1.1, decided at the first differing byte", () => {
  assert.equal(classifyFirstBytes(bytes("GET / HTTP/1.1\r\n")), "http1")
  assert.equal(classifyFirstBytes(bytes("POST")), "http1")
  assert.equal(classifyFirstBytes(bytes("PRI * HTTP/1.1\r\n")), "http1")
  assert.equal(classifyFirstBytes(bytes("P")), "more")
  assert.equal(classifyFirstBytes(bytes("PU")), "http1")
})
