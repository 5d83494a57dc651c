import { test } from "node:test"
import assert from "node:assert/strict"
import { startEchoService, startUserProvider } from "./index.ts"

test("the echo service answers method, URI and body", async () => {
  const s = await startEchoService()
  try {
    const r = await fetch(`http://127.0.0.1:${s.port}/hello?x=1`, { method: "POST", body: "hello runtime" })
    assert.equal(await r.text(), "POST /hello?x=1 \n hello runtime")
  } finally {
    await s.close()
  }
})

test("UserProvider answers GetUser as the dubbo-go sample, and JSON-RPC errors with 500", async () => {
  const s = await startUserProvider()
  try {
    const call = (body: string, ct = "application/json") =>
      fetch(`http://127.0.0.1:${s.port}/org.apache.dubbo.samples.UserProvider`, { method: "POST", headers: { "content-type": ct, "x-method": "GetUser" }, body })
    const r = await call('{"jsonrpc":"2.0","method":"GetUser","params":["A003"],"id":9527}')
    assert.equal(r.status, 200)
    assert.equal(r.headers.get("x-method"), "GetUser")
    assert.equal(await r.text(), '{"jsonrpc":"2.0","id":9527,"result":{"id":"113","name":"Moorse","age":30,"time":703394193,"sex":"MAN"}}')
    const missing = await call('{"jsonrpc":"2.0","method":"Nope","params":[],"id":1}')
    assert.equal(missing.status, 500)
    assert.equal((await missing.json()).error.code, -32601)
    const wrongType = await call("{}", "text/plain")
    assert.equal(wrongType.status, 500)
  } finally {
    await s.close()
  }
})
