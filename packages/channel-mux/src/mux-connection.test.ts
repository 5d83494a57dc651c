// Tests: one multiplexed connection (ids, pending map, fail-fast close, deadlines, oneway, heartbeats, bad frames).
import { test } from "node:test"
import assert from "node:assert/strict"
import { Code } from "@mosaic/kernel"
import type { RpcError } from "@mosaic/rpc"
import { createPipe } from "@mosaic/transport"
import { MuxConnection } from "./mux-connection.ts"
import { echo, T, toyCodec, type ToyFrame, toyPeer } from "./toy-codec.fixture.ts"

const noHeartbeat = { intervalMs: 0, timeoutMs: 1000, maxFailures: 3 }
const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms))
const open = (answer: (f: ToyFrame) => ToyFrame | undefined | "later", hb = noHeartbeat) => {
  const [local, remote] = createPipe()
  const peer = toyPeer(remote, answer)
  let died = 0
  const conn = new MuxConnection(local, toyCodec, hb, () => void died++)
  return { conn, peer, died: () => died }
}
const signal = (ms = 5000) => AbortSignal.timeout(ms)

test("many calls share one connection; ids start at 1; responses match by id in any order", async () => {
  const { conn, peer } = open(() => "later")
  const calls = [0, 1, 2, 3, 4].map((i) => conn.call(`c${i}`, signal()))
  await tick()
  assert.deepEqual(peer.seen.map((f) => f.id), [1, 2, 3, 4, 5])
  assert.equal(conn.inFlight, 5)
  for (const f of [...peer.later].reverse()) peer.write({ type: T.RESPONSE, id: f.id, payload: `re:${f.payload}` })
  const got = await Promise.all(calls)
  assert.deepEqual(got.map((f) => f.payload), ["re:c0", "re:c1", "re:c2", "re:c3", "re:c4"])
  assert.equal(conn.inFlight, 0)
  conn.close()
})

test("a dying connection fails every pending call at once with UNAVAILABLE, long before the deadline", async () => {
  const { conn, peer, died } = open(() => "later")
  const t0 = Date.now()
  const calls = Array.from({ length: 100 }, (_, i) => conn.call(`c${i}`, signal(10_000)).then(() => "ok", (e: RpcError) => e))
  await tick()
  assert.equal(conn.inFlight, 100)
  peer.conn.destroy(new Error("reset"))
  const errors = await Promise.all(calls)
  assert.ok(Date.now() - t0 < 1000)
  assert.ok(errors.every((e) => typeof e === "object" && e.code === Code.UNAVAILABLE && /connection closed/.test(e.message)))
  assert.equal(died(), 1)
  await assert.rejects(conn.call("after", signal()), (e: RpcError) => e.code === Code.UNAVAILABLE)
})

test("deadline: DEADLINE_EXCEEDED 'request timeout', the pending entry is removed and a late answer dropped", async () => {
  const { conn, peer } = open(() => "later")
  const t0 = Date.now()
  await assert.rejects(conn.call("slow", signal(60)), (e: RpcError) => e.code === Code.DEADLINE_EXCEEDED && e.message === "request timeout")
  assert.ok(Date.now() - t0 >= 50)
  assert.equal(conn.inFlight, 0)
  peer.write({ type: T.RESPONSE, id: peer.later[0]!.id, payload: "late" })
  await tick()
  assert.equal(conn.dead, false)
  const ac = new AbortController()
  ac.abort(Object.assign(new Error("cancelled"), { _tag: "RpcError", code: Code.CANCELLED }))
  await assert.rejects(conn.call("x", ac.signal), (e: RpcError) => e.code === Code.CANCELLED)
  conn.close()
})

test("oneway sends leave no pending entry", async () => {
  const { conn, peer } = open(() => undefined)
  conn.send("fire")
  conn.send("forget")
  await tick()
  assert.deepEqual(peer.seen.map((f) => [f.id, f.payload]), [[1, "fire"], [2, "forget"]])
  assert.equal(conn.inFlight, 0)
  conn.close()
})

test("heartbeats: sent when idle and acked keep the connection; unanswered ones close it after N failures", async () => {
  const hb = { intervalMs: 20, timeoutMs: 15, maxFailures: 3 }
  const good = open(echo, hb)
  await tick(150)
  assert.ok(good.peer.seen.filter((f) => f.type === T.HEARTBEAT).length >= 2)
  assert.equal(good.conn.dead, false)
  good.conn.close()

  const silent = open(() => undefined, hb)
  const pending = silent.conn.call("never", signal(10_000))
  await assert.rejects(pending, (e: RpcError) => e.code === Code.UNAVAILABLE && /3 consecutive heartbeats failed/.test(e.message))
  assert.equal(silent.conn.dead, true)
  assert.equal(silent.died(), 1)
})

test("a peer's heartbeat is answered; a bad frame closes the connection with its reason", async () => {
  const { conn, peer } = open(() => undefined)
  peer.write({ type: T.HEARTBEAT, id: 77, payload: "" })
  await tick()
  assert.deepEqual(peer.seen.map((f) => [f.type, f.id]), [[T.ACK, 77]])
  const pending = conn.call("x", signal())
  peer.write({ type: T.GARBAGE, id: 1, payload: "" })
  await assert.rejects(pending, (e: RpcError) => e.code === Code.UNAVAILABLE && /bad toy frame from upstream \(UnknownType\)/.test(e.message))
  assert.equal(conn.dead, true)
})

test("an encode failure is INTERNAL and leaves the connection usable", async () => {
  const [local, remote] = createPipe()
  toyPeer(remote, echo)
  const codec = { ...toyCodec, encode: (p: string, id: number) => { if (p === "bad") throw new Error("nope"); return toyCodec.encode(p, id) } }
  const conn = new MuxConnection(local, codec, noHeartbeat, () => {})
  await assert.rejects(conn.call("bad", signal()), (e: RpcError) => e.code === Code.INTERNAL && /encode failed: nope/.test(e.message))
  assert.equal((await conn.call("good", signal())).payload, "re:good")
  conn.close()
})

test("ids wrap back to 1 after the protocol's maxId, skipping ids still pending", async () => {
  const [local, remote] = createPipe()
  const peer = toyPeer(remote, () => "later")
  const codec = { ...toyCodec, protocol: { ...toyCodec.protocol, maxId: 3 } }
  const conn = new MuxConnection(local, codec, noHeartbeat, () => {})
  const first = [conn.call("a", signal()), conn.call("b", signal()), conn.call("c", signal())]
  await tick()
  peer.write({ type: T.RESPONSE, id: 2, payload: "re:b" })
  assert.equal((await first[1]!).payload, "re:b")
  const d = conn.call("d", signal())
  await tick()
  assert.deepEqual(peer.seen.map((f) => f.id), [1, 2, 3, 2])
  peer.write({ type: T.RESPONSE, id: 2, payload: "re:d" })
  assert.equal((await d).payload, "re:d")
  conn.close()
  await Promise.allSettled(first)
})

test("GOAWAY: no new calls on the connection, pending ones still answered, closed once drained", async () => {
  const { conn, peer, died } = open(() => "later")
  const calls = [conn.call("a", signal()), conn.call("b", signal())]
  await tick()
  peer.write({ type: T.GOAWAY, id: 0, payload: "" })
  await tick()
  assert.equal(conn.usable, false)
  assert.equal(conn.dead, false)
  await assert.rejects(conn.call("c", signal()), (e: RpcError) => e.code === Code.UNAVAILABLE && /draining after GOAWAY/.test(e.message))
  for (const f of peer.later) peer.write({ type: T.RESPONSE, id: f.id, payload: `re:${f.payload}` })
  assert.deepEqual((await Promise.all(calls)).map((f) => f.payload), ["re:a", "re:b"])
  assert.equal(conn.dead, true)
  assert.equal(conn.deathReason, "drained after GOAWAY")
  assert.equal(died(), 1)
})
