// Tests: the proxy's ordered path (a toy line protocol): pipelined replies in order around hijacks and timeouts, per-connection upstream connections.
import { test } from "node:test"
import assert from "node:assert/strict"
import * as net from "node:net"
import { runProxy } from "../../test-support/harness.ts"
import { lineProtocol } from "./line-protocol.fixture.ts"

/** An upstream that answers each line `re:<line> #<connection>` (after `ms` for lines starting `slow`). */
const startLineServer = (ms = 400): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> =>
  new Promise((resolve) => {
    let n = 0
    const socks = new Set<net.Socket>()
    const server = net.createServer((s) => {
      const id = ++n
      socks.add(s)
      s.on("close", () => socks.delete(s))
      let buf = ""
      s.on("data", (d) => {
        buf += d.toString()
        for (let i = buf.indexOf("\n"); i !== -1; i = buf.indexOf("\n")) {
          const l = buf.slice(0, i)
          buf = buf.slice(i + 1)
          const answer = () => void (s.writable && s.write(`re:${l} #${id}\n`))
          if (l.startsWith("slow")) setTimeout(answer, ms)
          else answer()
        }
      })
    })
    server.listen(0, "127.0.0.1", () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        connections: () => socks.size,
        close: () => new Promise<void>((r) => (socks.forEach((s) => s.destroy()), server.close(() => r())))
      }))
  })

const config = (port: number) => ({
  listeners: [{ name: "l", address: "127.0.0.1:0", bind_port: true, filter_chains: [{ filters: [{ type: "proxy", config: { downstream_protocol: "line", router_config_name: "r" } }] }] }],
  routers: [{
    router_config_name: "r",
    virtual_hosts: [{
      name: "all",
      domains: ["*"],
      routers: [
        { match: { headers: [{ name: "method", value: "nowhere" }] }, route: { cluster_name: "missing" } },
        { match: { headers: [{ name: "method", value: "hello" }] }, direct_response: { status: 200, body: "hi" } },
        { match: { headers: [] }, route: { cluster_name: "c", timeout: "150ms" } }
      ]
    }]
  }],
  cluster_manager: { clusters: [{ name: "c", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: `127.0.0.1:${port}` }] }] }
})

/** Write `lines` at once on a new connection and collect `count` reply lines. */
const pipeline = (port: number, lines: ReadonlyArray<string>, count = lines.length) =>
  new Promise<{ replies: Array<string>; sock: net.Socket }>((resolve, reject) => {
    let buf = ""
    const sock = net.connect(port, "127.0.0.1", () => sock.write(lines.map((l) => `${l}\n`).join("")))
    const timer = setTimeout(() => (sock.destroy(), reject(new Error(`got ${JSON.stringify(buf)}`))), 10_000)
    sock.on("data", (d) => {
      buf += d.toString()
      const replies = buf.split("\n").slice(0, -1)
      if (replies.length >= count) {
        clearTimeout(timer)
        resolve({ replies, sock })
      }
    })
    sock.on("error", reject)
  })

test("ordered: pipelined requests answered in order around the proxy's own replies and a timed-out request; the late answer answers nobody", async () => {
  const up = await startLineServer()
  const p = await runProxy(config(up.port), { protocols: [lineProtocol], log: () => {} })
  try {
    const { replies, sock } = await pipeline(p.port(), ["a", "nowhere x", "b", "hello", "slow c", "d"])
    assert.deepEqual(replies.map((r) => r.replace(/#\d+$/, "#")), [
      "re:a #", "ERR 503 unknown cluster", "re:b #", "DIRECT 200 hi", "ERR 504 upstream timeout", "re:d #"
    ])
    // one upstream connection per downstream connection, replaced after the timeout aborted the first
    const ids = replies.filter((r) => r.startsWith("re:")).map((r) => r.slice(r.indexOf("#")))
    assert.equal(ids[0], ids[1])
    assert.notEqual(ids[1], ids[2])
    // the slow answer arrives later on the aborted connection: nothing more reaches the client
    await new Promise((r) => setTimeout(r, 600))
    sock.write("e\n")
    const more = await new Promise<string>((resolve) => sock.once("data", (d) => resolve(d.toString())))
    assert.match(more, /^re:e #\d+\n$/)
    sock.destroy()
    // the downstream connection's upstream connections close with it
    for (let i = 0; i < 100 && up.connections() > 0; i++) await new Promise((r) => setTimeout(r, 50))
    assert.equal(up.connections(), 0)
  } finally {
    await p.close()
    await up.close()
  }
})

test("ordered: two downstream connections do not share an upstream connection; a frame that is not a request closes the connection after the queued replies", async () => {
  const up = await startLineServer()
  const p = await runProxy(config(up.port), { protocols: [lineProtocol], log: () => {} })
  try {
    const [one, two] = await Promise.all([pipeline(p.port(), ["x", "y"]), pipeline(p.port(), ["z"])])
    const conn = (r: string) => r.slice(r.indexOf("#"))
    assert.equal(conn(one.replies[0]!), conn(one.replies[1]!))
    assert.notEqual(conn(one.replies[0]!), conn(two.replies[0]!))
    one.sock.destroy()
    two.sock.destroy()
    const bad = await pipeline(p.port(), ["a", "!reply", "b"], 2)
    const closed = await new Promise<boolean>((resolve) => (bad.sock.destroyed ? resolve(true) : bad.sock.once("close", () => resolve(true))))
    assert.deepEqual([bad.replies.map((r) => r.replace(/#\d+$/, "#")), closed], [["re:a #", "ERR 400 bad frame (NotARequest)"], true])
  } finally {
    await p.close()
    await up.close()
  }
})
