// Real `thrift` npm clients (framed, buffered, Apache THeader) on the gateway's Auto port, routed by Thrift method name or THeader header to real `thrift` npm servers.
import { test } from "node:test"
import assert from "node:assert/strict"
import * as net from "node:net"
import { startGateway } from "@mosaic/gateway"
import { makeFakeInvoker } from "../support/index.ts"
import { connectThriftClient, startThriftServer, type ThriftStack } from "../support/thrift-echo.fixture.ts"
import { gatewayConfig, startUpstreams } from "./gateway.fixture.ts"

const STACKS: ReadonlyArray<ThriftStack> = ["framed", "buffered", "theader"]

type Servers = Record<ThriftStack | "blue", Awaited<ReturnType<typeof startThriftServer>>>

/**
 * Routes: the `protocol` routing header (framed / buffered / theader) selects the upstream stack, the Thrift
 * method name (`method`) must be `echo` or `add` (buffered: `echo` only), and a THeader call carrying the
 * header `x-route: blue` goes to its own cluster.
 */
const thriftRoutes = [
  { match: { headers: [{ name: "protocol", value: "theader" }, { name: "x-route", value: "blue" }] }, route: { cluster_name: "thrift_blue", timeout: "3s" } },
  ...STACKS.map((stack) => ({
    match: { headers: [{ name: "protocol", value: stack }, { name: "method", value: stack === "buffered" ? "^echo$" : "^(echo|add)$", regex: true }] },
    route: { cluster_name: `thrift_${stack}`, timeout: "3s" }
  }))
]

const withThriftGateway = async (delayMs: number, body: (g: { port: number; servers: Servers }) => Promise<void>, streamFilters?: ReadonlyArray<object>) => {
  const up = await startUpstreams()
  const servers = {
    framed: await startThriftServer("framed", "framed", delayMs),
    buffered: await startThriftServer("buffered", "buffered", delayMs),
    theader: await startThriftServer("theader", "theader", delayMs),
    blue: await startThriftServer("theader", "blue", delayMs)
  }
  const clusters = Object.entries(servers).map(([name, s]) => ({
    name: `thrift_${name}`, type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: `127.0.0.1:${s.port}` }]
  }))
  const options = { routes: thriftRoutes, clusters, ...(streamFilters === undefined ? {} : { streamFilters }) }
  const gw = await startGateway(gatewayConfig(up, options), { invoker: makeFakeInvoker().invoker, log: () => {} })
  try {
    await body({ port: gw.ports.gateway!, servers })
  } finally {
    await gw.stop(200)
    await Promise.all(Object.values(servers).map((s) => s.close()))
    await up.close()
  }
}

/** A TCP relay in front of `port` that keeps every byte sent back to the client. */
const startTap = async (port: number) => {
  const toClient: Array<Buffer> = []
  const sockets = new Set<net.Socket>()
  const server = net.createServer((down) => {
    const up = net.connect(port, "127.0.0.1")
    for (const s of [down, up]) {
      sockets.add(s)
      s.on("error", () => {})
      s.on("close", () => (down.destroy(), up.destroy()))
    }
    down.on("data", (c) => up.write(c))
    up.on("data", (c) => (toClient.push(Buffer.from(c)), down.write(c)))
  })
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()))
  return {
    port: (server.address() as net.AddressInfo).port,
    received: () => Buffer.concat(toClient),
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()) })
  }
}

test("thrift npm createConnection + createClient (framed, buffered, THeader) through the Auto port to thrift npm servers", async () => {
  await withThriftGateway(0, async ({ port, servers }) => {
    for (const stack of STACKS) {
      const c = await connectThriftClient(port, stack)
      try {
        assert.equal(await c.client.echo("hello"), `${stack}:hello`)
        if (stack !== "buffered") assert.equal(await c.client.add(2, 40), 42)
        // concurrent calls on one connection: seqids rewritten upstream and restored, each answer to its call
        const many = await Promise.all(Array.from({ length: 5 }, (_, i) => c.client.echo(`m${i}`)))
        assert.deepEqual(many, Array.from({ length: 5 }, (_, i) => `${stack}:m${i}`))
        assert.deepEqual(c.errors, [])
      } finally {
        c.close()
      }
    }
    // the THeader server saw a THeader request (no headers set: an empty map each call)
    assert.ok(servers.theader.headers.length >= 7)
  })
})

test("a Thrift method with no route: the thrift npm client gets the proxy's TApplicationException UNKNOWN_METHOD", async () => {
  await withThriftGateway(0, async ({ port }) => {
    const c = await connectThriftClient(port, "buffered")
    try {
      await assert.rejects(c.client.add(1, 2), (e: Error & { type?: number }) => {
        assert.equal(e.name, "TApplicationException")
        assert.equal(e.type, 1) // UNKNOWN_METHOD
        assert.match(e.message, /^mosaic proxy: no route .*\(NoRoute\)$/)
        return true
      })
      // the connection stays usable
      assert.equal(await c.client.echo("after"), "buffered:after")
    } finally {
      c.close()
    }
  })
})

test("THeader headers route the call (x-route: blue) and reach the upstream; replies stay THeader with the client's seqids", async () => {
  await withThriftGateway(0, async ({ port, servers }) => {
    const tap = await startTap(port)
    const c = await connectThriftClient(tap.port, "theader")
    try {
      assert.equal(await c.client.echo("plain"), "theader:plain")
      c.setHeader("x-route", "blue")
      c.setHeader("x-trace", "t-1")
      assert.equal(await c.client.echo("routed"), "blue:routed")
      assert.equal(await c.client.add(20, 22), 42)
      assert.deepEqual(servers.blue.headers, [{ "x-route": "blue", "x-trace": "t-1" }, { "x-route": "blue", "x-trace": "t-1" }])
      assert.deepEqual(servers.theader.headers, [{}])
      // three THeader replies: magic 0x0fff, header seqid 0 (what the npm client wrote), message seqids 1..3
      const bytes = tap.received()
      const seqids: Array<number> = []
      for (let p = 0; p < bytes.length; p += 4 + bytes.readUInt32BE(p)) {
        assert.equal(bytes.readUInt16BE(p + 4), 0x0fff)
        assert.equal(bytes.readInt32BE(p + 8), 0)
        const msg = p + 14 + bytes.readUInt16BE(p + 12) * 4
        assert.equal(bytes.readUInt16BE(msg), 0x8001)
        const nameLength = bytes.readUInt32BE(msg + 4)
        seqids.push(bytes.readInt32BE(msg + 8 + nameLength))
      }
      assert.deepEqual(seqids, [1, 2, 3])
    } finally {
      c.close()
      await tap.close()
    }
  })
})

test("two thrift npm clients with the same seqids, slow upstreams: every answer reaches its own caller", async () => {
  await withThriftGateway(20, async ({ port }) => {
    for (const stack of STACKS) {
      const [a, b] = await Promise.all([connectThriftClient(port, stack), connectThriftClient(port, stack)])
      try {
        const [ra, rb] = await Promise.all([
          Promise.all(["a1", "a2", "a3"].map((m) => a.client.echo(m))),
          Promise.all(["b1", "b2", "b3"].map((m) => b.client.echo(m)))
        ])
        assert.deepEqual(ra, ["a1", "a2", "a3"].map((m) => `${stack}:${m}`))
        assert.deepEqual(rb, ["b1", "b2", "b3"].map((m) => `${stack}:${m}`))
      } finally {
        a.close()
        b.close()
      }
    }
  })
})

test("the gateway listener's stream_filters run on Thrift calls too: a fault abort for one cluster answers INTERNAL_ERROR", async () => {
  const fault = [{ type: "fault", config: { upstream_cluster: "thrift_framed", abort: { status: 503, percentage: 100 } } }]
  await withThriftGateway(0, async ({ port }) => {
    const framed = await connectThriftClient(port, "framed")
    const buffered = await connectThriftClient(port, "buffered")
    try {
      await assert.rejects(framed.client.echo("x"), (e: Error & { type?: number }) => {
        assert.equal(e.name, "TApplicationException")
        assert.equal(e.type, 6) // INTERNAL_ERROR
        return true
      })
      assert.equal(await buffered.client.echo("y"), "buffered:y", "other clusters are not aborted")
    } finally {
      framed.close()
      buffered.close()
    }
  }, fault)
})
