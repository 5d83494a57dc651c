// Tests (real sockets): a listener's max_connections closes TCP connections over it at accept; pipe connections are never refused.
import { test } from "node:test"
import assert from "node:assert/strict"
import { encodeHeartbeat } from "@mosaic/protocol-bolt"
import type { Connection } from "@mosaic/transport"
import { runProxy, sleep } from "../../test-support/harness.ts"
import { boltClient, cluster, deadPort, route, xConfig } from "../../test-support/xprotocol.ts"

const within = <A>(p: Promise<A>, ms: number): Promise<A | undefined> => {
  let timer: ReturnType<typeof setTimeout> | undefined
  return Promise.race([p, new Promise<undefined>((r) => (timer = setTimeout(r, ms, undefined)))]).finally(() => clearTimeout(timer))
}

/** Send a heartbeat on a pipe connection; resolves with the bytes of the answer. */
const pipeHeartbeat = (conn: Connection, id: number): Promise<number> =>
  new Promise((resolve) => {
    conn.setHandler({ onData: (b) => resolve(b.length), onClose: () => resolve(0) })
    conn.write(encodeHeartbeat(id))
  })

test("max_connections: the N+1th TCP connection is closed at accept, a new one is served after one closes; pipe connections are not capped", async () => {
  const dead = await deadPort()
  const base = xConfig({ downstream: "bolt" }, [route("c")], [cluster("c", [`127.0.0.1:${dead}`])])
  const p = await runProxy({ ...base, listeners: [{ ...base.listeners[0]!, max_connections: 2 }] }, { log: () => {} })
  const pipes: Array<Connection> = []
  try {
    const a = await boltClient(p.port())
    const b = await boltClient(p.port())
    for (const [c, id] of [[a, 1], [b, 2]] as const) {
      c.send(encodeHeartbeat(id))
      assert.equal((await c.next())[0]!.requestId, id)
    }
    const over = await boltClient(p.port())
    over.send(encodeHeartbeat(3))
    assert.equal(await within(over.closed.then(() => true), 3000), true, "the third connection is closed")
    assert.equal(over.received.length, 0, "and never answered")
    // in-process connections to the same listener are neither refused nor counted
    for (let i = 0; i < 3; i++) {
      const conn = p.pipes.connect("x_listener")
      assert.ok(!(conn instanceof Error))
      pipes.push(conn)
      assert.ok((await pipeHeartbeat(conn, 10 + i)) > 0, `pipe connection ${i} answered`)
    }
    // a closed connection frees its place
    a.destroy()
    await a.closed
    let served = false
    for (let attempt = 0; attempt < 20 && !served; attempt++) {
      const c = await boltClient(p.port())
      c.send(encodeHeartbeat(40 + attempt))
      served = (await within(c.next().then(() => true, () => false), 1000)) === true
      if (!served) await sleep(50) // the server may not have seen the close yet
      c.destroy()
    }
    assert.ok(served, "a new connection is served once one closed")
    b.destroy()
  } finally {
    for (const c of pipes) c.destroy()
    await p.close()
  }
})
