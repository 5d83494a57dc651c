// Tests: the multiplexed pool (strategies, lazy dials, replacement, close) and per-target pools.
import { test } from "node:test"
import assert from "node:assert/strict"
import { Code } from "@mosaic/kernel"
import { RpcError, type RpcRequest } from "@mosaic/rpc"
import { type Connection, createPipe } from "@mosaic/transport"
import { MuxPool, type MuxStrategy } from "./mux-pool.ts"
import { MuxTargets } from "./mux-targets.ts"
import { echo, T, toyCodec, type ToyFrame, toyPeer } from "./toy-codec.fixture.ts"

const hb = { intervalMs: 0, timeoutMs: 1000, maxFailures: 3 }
const signal = (ms = 5000) => AbortSignal.timeout(ms)

const makePool = (size: number, strategy: MuxStrategy, answer: (f: ToyFrame) => ToyFrame | undefined | "later" = echo) => {
  const peers: Array<ReturnType<typeof toyPeer>> = []
  const pool = new MuxPool<string, ToyFrame>({
    size, strategy, codec: toyCodec, heartbeat: hb,
    dial: async () => {
      const [local, remote] = createPipe()
      peers.push(toyPeer(remote, answer))
      return local
    }
  })
  return { pool, peers }
}

test("round robin opens up to `size` connections lazily and spreads calls over them", async () => {
  const { pool, peers } = makePool(3, "round_robin")
  const got = await Promise.all(Array.from({ length: 9 }, (_, i) => pool.call(`c${i}`, signal())))
  assert.equal(got.length, 9)
  assert.equal(peers.length, 3)
  assert.deepEqual(peers.map((p) => p.seen.length), [3, 3, 3])
  assert.deepEqual(peers[0]!.seen.map((f) => f.id), [1, 2, 3])
  assert.deepEqual(pool.stats(), { connections: 3, inFlight: 0 })
  pool.close()
})

test("least pending reuses an idle connection and only dials when every live one is busy", async () => {
  const { pool, peers } = makePool(4, "least_pending", () => "later")
  const a = pool.call("a", signal())
  await new Promise((r) => setTimeout(r, 5))
  const b = pool.call("b", signal())
  await new Promise((r) => setTimeout(r, 5))
  assert.equal(peers.length, 2)
  for (const p of peers) for (const f of p.later) p.write({ type: T.RESPONSE, id: f.id, payload: "ok" })
  await Promise.all([a, b])
  const c = pool.call("c", signal()).catch((e: RpcError) => e.code)
  await new Promise((r) => setTimeout(r, 5))
  assert.equal(peers.length, 2)
  pool.close()
  assert.equal(await c, Code.UNAVAILABLE)
})

test("a dead connection is replaced on next use; a failed dial is UNAVAILABLE for its callers only", async () => {
  const { pool, peers } = makePool(1, "round_robin")
  assert.equal((await pool.call("x", signal())).payload, "re:x")
  peers[0]!.conn.destroy()
  await new Promise((r) => setTimeout(r, 5))
  assert.equal((await pool.call("y", signal())).payload, "re:y")
  assert.equal(peers.length, 2)
  pool.close()

  let fail = true
  const flaky = new MuxPool<string, ToyFrame>({
    size: 1, strategy: "round_robin", codec: toyCodec, heartbeat: hb,
    dial: async (): Promise<Connection> => {
      if (fail) throw RpcError.of(Code.UNAVAILABLE, "connect refused")
      const [local, remote] = createPipe()
      toyPeer(remote, echo)
      return local
    }
  })
  await assert.rejects(flaky.call("x", signal()), (e: RpcError) => e.code === Code.UNAVAILABLE && /refused/.test(e.message))
  fail = false
  assert.equal((await flaky.call("x", signal())).payload, "re:x")
  flaky.close()
  await assert.rejects(flaky.call("x", signal()), (e: RpcError) => e.code === Code.UNAVAILABLE && /closed/.test(e.message))
})

test("closing the pool fails in-flight calls with UNAVAILABLE; oneway resolves once written", async () => {
  const { pool, peers } = makePool(1, "round_robin", () => "later")
  await pool.send("fire", signal())
  const pending = pool.call("wait", signal())
  await new Promise((r) => setTimeout(r, 5))
  assert.equal(peers[0]!.seen.length, 2)
  pool.close()
  await assert.rejects(pending, (e: RpcError) => e.code === Code.UNAVAILABLE)
})

test("rpc_target_address gets its own bounded pool per address", () => {
  const made: Array<string> = []
  const targets = new MuxTargets("egress", (a) => { made.push(a); return { close: () => {} } }, 2)
  const req = (t?: string) => ({ header: t === undefined ? {} : { rpc_target_address: t } }) as unknown as RpcRequest
  assert.equal(targets.poolFor(req()), targets.main)
  const a = targets.poolFor(req("127.0.0.1:1"))
  assert.equal(targets.poolFor(req("127.0.0.1:1")), a)
  targets.poolFor(req("127.0.0.1:2"))
  assert.throws(() => targets.poolFor(req("127.0.0.1:3")), (e: RpcError) => e.code === Code.RESOURCE_EXHAUSTED)
  assert.throws(() => targets.poolFor(req("nohost")), (e: RpcError) => e.code === Code.INVALID_ARGUMENT)
  assert.deepEqual(made, ["egress", "127.0.0.1:1", "127.0.0.1:2"])
})
