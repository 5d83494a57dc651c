// Tests: an Auto listener's QPS limiter on HTTP/1 answers a refused pipelined request in request order (its 429 waits for earlier replies).
import { test } from "node:test"
import assert from "node:assert/strict"
import { connect, runProxy, startUpstream, text } from "../../test-support/harness.ts"

const autoConfig = (host: string, limits: object) => ({
  listeners: [{
    name: "auto",
    address: "127.0.0.1:0",
    bind_port: true,
    filter_chains: [{
      filters: [{ type: "proxy", config: { downstream_protocol: "Auto", router_config_name: "r", detect: { protocols: ["http1"] }, limits } }]
    }]
  }],
  routers: [{ router_config_name: "r", virtual_hosts: [{ name: "vh", domains: ["*"], routers: [{ match: { prefix: "/" }, route: { cluster_name: "c", timeout: "3s" } }] }] }],
  cluster_manager: { clusters: [{ name: "c", type: "SIMPLE", lb_type: "LB_ROUNDROBIN", hosts: [{ address: host }] }] }
})

const request = (path: string, body = "") =>
  `${body === "" ? "GET" : "POST"} ${path} HTTP/1.1\r\nhost: x\r\n${body === "" ? "" : `content-length: ${body.length}\r\n`}\r\n${body}`

test("max_qps on HTTP/1: pipelined requests where an early one is slow upstream and later ones are refused get their replies in request order", async () => {
  const up = await startUpstream((req, res, body) => {
    const answer = () => res.end(`${req.url} ${body}`)
    if (req.url === "/slow") setTimeout(answer, 150)
    else answer()
  })
  // 1 request per second, burst 1: the first request of the burst is admitted, the next ones are refused
  const p = await runProxy(autoConfig(up.address, { max_qps: 1 }), { log: () => {} })
  try {
    const c = await connect(p.port())
    const replies = await c.send(request("/slow", "a") + request("/b", "bb") + request("/c"), 3, ["POST", "POST", "GET"])
    assert.deepEqual(replies.map((r) => r.status), [200, 429, 429])
    assert.equal(text(replies[0]!), "/slow a")
    assert.match(text(replies[1]!), /over the listener's max_qps/)
    assert.equal(up.requests, 1, "refused requests never reach the upstream")
    // the connection stays open for later requests, answered once the bucket has a token again
    await new Promise((r) => setTimeout(r, 1100))
    const [later] = await c.send(request("/d"))
    assert.deepEqual([later!.status, text(later!)], [200, "/d "])
    c.destroy()
  } finally {
    await p.close()
    await up.close()
  }
})
