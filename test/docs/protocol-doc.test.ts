// docs/plugins.md, Protocols: the config snippet (resp-config.json) loads the RESP example through "plugins" and serves a real redis-server on both listeners.
import { test } from "node:test"
import assert from "node:assert/strict"
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { startFromConfig } from "@mosaic/sidecar"
import { exchange, redisCli, redisMissing, startRedis } from "../../examples/protocol-resp/src/redis-server.fixture.ts"

const root = new URL("../../", import.meta.url).pathname
const missing = redisMissing()

/** The snippet with free ports and the real server's address; its "plugins" resolve from a directory whose node_modules holds the example. */
const setup = (redisPort: number) => {
  const config = JSON.parse(readFileSync(join(root, "test/docs/snippets/resp-config.json"), "utf8"))
  for (const l of config.servers[0].listeners) l.address = "127.0.0.1:0"
  config.cluster_manager.clusters[0].hosts[0].address = `127.0.0.1:${redisPort}`
  const dir = mkdtempSync(join(tmpdir(), "mosaic-resp-doc-"))
  mkdirSync(join(dir, "node_modules", "@mosaic-examples"), { recursive: true })
  symlinkSync(join(root, "examples/protocol-resp"), join(dir, "node_modules", "@mosaic-examples", "protocol-resp"), "dir")
  return { config, dir }
}

test("resp-config.json: SET/GET through the resp listener and the Auto port, direct responses as RESP, HTTP/1 beside it", { skip: missing }, async () => {
  const redis = await startRedis()
  const { config, dir } = setup(redis.port)
  const running = await startFromConfig(config, { configDir: dir })
  try {
    const port = (name: string) => running.handle.proxy()!.listeners.find((l) => l.name === name)!.port!
    const [resp, shared] = [port("redis"), port("shared")]
    assert.equal(await redisCli(resp, ["SET", "doc:k", "v1"]), "OK\n")
    assert.equal(await redisCli(shared, ["GET", "doc:k"]), "v1\n")
    assert.equal(await redisCli(redis.port, ["GET", "doc:k"]), "v1\n") // it reached redis-server
    // routes by `command` and `key` (the protocol's `header`); direct responses in RESP: 2xx a bulk string, else -ERR
    assert.equal(await redisCli(resp, ["GET", "greeting"]), "hello from mosaic\n")
    assert.equal((await exchange(resp, "*1\r\n$8\r\nFLUSHALL\r\n", (b) => b.includes("\r\n"))).toString(), "-ERR FLUSHALL is not allowed\r\n")
    assert.equal(await redisCli(redis.port, ["EXISTS", "doc:k"]), "1\n")
    // HTTP/1 on the Auto port
    const res = await fetch(`http://127.0.0.1:${shared}/`)
    assert.equal(await res.text(), "HTTP/1 on the shared port")
  } finally {
    await running.stop(1000)
    await redis.stop()
    rmSync(dir, { recursive: true, force: true })
  }
})
