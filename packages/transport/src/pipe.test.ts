import { test } from "node:test"
import assert from "node:assert/strict"
import { createPipe } from "./pipe.ts"

const collect = () => {
  const got: Array<string> = []
  let closed: { error: Error | undefined } | undefined
  return {
    got, closedInfo: () => closed,
    handler: { onData: (c: Uint8Array) => void got.push(new TextDecoder().decode(c)), onClose: (e?: Error) => void (closed = { error: e }) }
  }
}
const tick = () => new Promise((r) => setTimeout(r, 5))

test("pipe delivers bytes in order both ways and buffers until a handler is set", async () => {
  const [a, b] = createPipe()
  a.write(new TextEncoder().encode("one"))
  a.write(new TextEncoder().encode("two"))
  const cb = collect()
  b.setHandler(cb.handler)
  const ca = collect()
  a.setHandler(ca.handler)
  b.write(new TextEncoder().encode("back"))
  await tick()
  assert.deepEqual(cb.got, ["one", "two"])
  assert.deepEqual(ca.got, ["back"])
})

test("end delivers pending bytes then closes both sides", async () => {
  const [a, b] = createPipe()
  const ca = collect(); const cb = collect()
  a.setHandler(ca.handler); b.setHandler(cb.handler)
  a.write(new TextEncoder().encode("last"))
  a.end()
  await tick()
  assert.deepEqual(cb.got, ["last"])
  assert.ok(cb.closedInfo())
  assert.equal(cb.closedInfo()!.error, undefined)
  assert.ok(ca.closedInfo())
  assert.equal(b.closed, true)
  assert.equal(a.write(new Uint8Array(1)), false)
})

test("destroy resets the peer with an error", async () => {
  const [a, b] = createPipe()
  const cb = collect()
  b.setHandler(cb.handler)
  a.setHandler(collect().handler)
  a.destroy(new Error("boom"))
  await tick()
  assert.ok(cb.closedInfo()?.error instanceof Error)
})

test("pause holds data until resume; the writer sees backpressure past the high-water mark", async () => {
  const [a, b] = createPipe()
  const cb = collect()
  let drained = 0
  a.setHandler({ onData: () => {}, onClose: () => {}, onDrain: () => void drained++ })
  b.setHandler(cb.handler)
  b.pause()
  const big = new Uint8Array(600 * 1024)
  assert.equal(a.write(big), true)
  assert.equal(a.write(big), false)
  await tick()
  assert.equal(cb.got.length, 0)
  b.resume()
  await tick()
  assert.equal(cb.got.length, 2)
  assert.equal(drained, 1)
})
