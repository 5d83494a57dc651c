// Accept failures: one log line per episode; a listener out of descriptors (ulimit -n) keeps serving and does not crash.
import { test } from "node:test"
import assert from "node:assert/strict"
import { spawn } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import * as net from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { acceptErrorLog } from "./accept-errors.ts"

const isDeno = "Deno" in globalThis
const emfile = () => Object.assign(new Error("accept EMFILE"), { code: "EMFILE" })

test("accept errors: one line when an episode starts, one when accepts succeed again", () => {
  const lines: Array<string> = []
  const errors = acceptErrorLog(() => "127.0.0.1:1", (m) => lines.push(m))
  errors.accepted()
  for (let i = 0; i < 100; i++) errors.onError(emfile())
  assert.equal(lines.length, 1)
  assert.match(lines[0]!, /^ingress 127\.0\.0\.1:1: accept failed \(EMFILE\)/)
  errors.accepted()
  errors.accepted()
  assert.equal(lines.length, 2)
  assert.match(lines[1]!, /accepting again after 100 failed accepts/)
  errors.onError(emfile())
  assert.equal(lines.length, 3)
})

const childSource = (onePortUrl: string) => `
const { startOnePort } = await import(${JSON.stringify(onePortUrl)})
const server = await startOnePort({
  host: "127.0.0.1", port: 0, handler: (_req, res) => res.end("ok"),
  timeouts: { idleMs: 0, headerReadMs: 0, bodyMs: 0, firstBytesMs: 60000 },
  maxBodyBytes: 1024, maxConnections: 0, maxStreamsPerConnection: 0, drainTimeoutMs: 0,
  log: (m) => console.log("LOG " + m)
})
console.log("PORT " + server.port)
`

const ask = (s: net.Socket) =>
  new Promise<string>((resolve) => {
    let answer = ""
    const timer = setTimeout(() => resolve(`no answer: ${answer}`), 5000)
    s.on("data", (d) => void (answer += d.toString()))
    s.on("close", () => {
      clearTimeout(timer)
      resolve(answer)
    })
    s.write("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
  })

// Deno 2.9.6 itself panics once descriptors run out ("ext/signals/lib.rs: Too many open files", even for a
// bare node:net server; denoland/deno#2243): nothing the ingress can catch.
test("out of descriptors (ulimit -n 128, 200 connections): the process lives, open connections are served, then new ones", { skip: isDeno ? "Deno panics on EMFILE (denoland/deno#2243)" : false }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "ingress-emfile-"))
  const file = join(dir, "child.ts")
  writeFileSync(file, childSource(new URL("./one-port.ts", import.meta.url).href))
  const child = spawn("sh", ["-c", `ulimit -n 128 && exec "$0" "$@"`, process.execPath, "--conditions=@mosaic/source", file], { stdio: ["ignore", "pipe", "inherit"] })
  let out = ""
  let exited: number | string | null = null
  child.stdout.setEncoding("utf8").on("data", (s: string) => void (out += s))
  child.on("exit", (code, signal) => void (exited = code ?? signal))
  const sockets: Array<net.Socket> = []
  try {
    for (let t = 0; !/PORT \d+/.test(out) && exited === null && t < 15_000; t += 20) await new Promise((r) => setTimeout(r, 20))
    const port = Number(/PORT (\d+)/.exec(out)?.[1])
    assert.ok(port > 0, `child did not start: ${out}`)
    const first = net.connect(port, "127.0.0.1")
    first.on("error", () => {})
    await new Promise((r) => first.once("connect", r))
    for (let i = 0; i < 200; i++) {
      const s = net.connect(port, "127.0.0.1")
      s.on("error", () => {})
      sockets.push(s)
      if (i % 20 === 19) await new Promise((r) => setTimeout(r, 20))
    }
    await new Promise((r) => setTimeout(r, 1000))
    assert.equal(exited, null, "the child is alive")
    // Node (libuv) accepts and closes what it cannot keep, silently; Bun leaves it in the backlog.
    assert.match(await ask(first), /^HTTP\/1\.1 200 [\s\S]*ok$/)
    for (const s of sockets) s.destroy()
    await new Promise((r) => setTimeout(r, 500))
    const fresh = net.connect(port, "127.0.0.1")
    fresh.on("error", () => {})
    assert.match(await ask(fresh), /^HTTP\/1\.1 200 [\s\S]*ok$/)
    assert.equal(exited, null)
    // At most one line per episode: an episode began (and may have ended), never one per connection.
    assert.ok((out.match(/accept failed/g) ?? []).length <= 1, out)
  } finally {
    for (const s of sockets) s.destroy()
    child.kill()
    rmSync(dir, { recursive: true, force: true })
  }
})
