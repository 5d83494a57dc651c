// Test support: a real redis-server (the Debian package) on a free loopback port with a temp dir, stopped by PID; redis-cli runs.
import { execFile, spawn, spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as net from "node:net"
import * as os from "node:os"
import * as path from "node:path"

const has = (bin: string): boolean => spawnSync(bin, ["--version"], { stdio: "ignore" }).status === 0

/**
 * undefined when redis-server and redis-cli run (installed now with apt-get when missing and we are root),
 * else the one line that says how to install them (the tests skip with it).
 */
export const redisMissing = (): string | undefined => {
  if (has("redis-server") && has("redis-cli")) return undefined
  if (process.platform === "linux" && process.getuid?.() === 0 && has("apt-get")) {
    spawnSync("apt-get", ["install", "-y", "redis-server"], { stdio: "ignore", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } })
    if (has("redis-server") && has("redis-cli")) return undefined
  }
  return "redis-server/redis-cli not found: install them with `apt-get install -y redis-server` (Debian; root), then run again"
}

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = net.createServer()
    s.on("error", reject)
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(port))
    })
  })

/** One exchange on a new connection: write `bytes`, collect until `done(all)`, or fail after `ms`. */
export const exchange = (port: number, bytes: Uint8Array | string, done: (all: Buffer) => boolean, ms = 10_000): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    const sock = net.connect(port, "127.0.0.1", () => sock.write(bytes))
    const timer = setTimeout(() => (sock.destroy(), reject(new Error(`no complete answer within ${ms} ms: ${Buffer.concat(chunks).toString().slice(0, 200)}`))), ms)
    sock.on("data", (c: Buffer) => {
      chunks.push(c)
      const all = Buffer.concat(chunks)
      if (done(all)) {
        clearTimeout(timer)
        sock.destroy()
        resolve(all)
      }
    })
    sock.on("error", (e) => (clearTimeout(timer), reject(e)))
  })

export interface RedisServer {
  readonly port: number
  readonly pid: number
  stop(): Promise<void>
}

/** redis-server with no persistence on a free port; resolves once it answers PING. */
export const startRedis = async (): Promise<RedisServer> => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mosaic-resp-"))
  const port = await freePort()
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--daemonize", "no"], {
    stdio: "ignore"
  })
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
  const stop = async () => {
    if (child.exitCode === null) process.kill(child.pid!, "SIGTERM")
    await exited
    fs.rmSync(dir, { recursive: true, force: true })
  }
  for (let i = 0; ; i++) {
    try {
      await exchange(port, "*1\r\n$4\r\nPING\r\n", (b) => b.includes("\r\n"), 1000)
      return { port, pid: child.pid!, stop }
    } catch (e) {
      if (i >= 100 || child.exitCode !== null) {
        await stop()
        throw new Error(`redis-server did not answer on port ${port}: ${e}`)
      }
      await new Promise((r) => setTimeout(r, 100))
    }
  }
}

/** redis-cli against 127.0.0.1:`port` with `args` (and `input` on stdin): its stdout, or the failure. */
export const redisCli = (port: number, args: ReadonlyArray<string>, input?: Uint8Array | string): Promise<string> =>
  new Promise((resolve, reject) => {
    const child = execFile("redis-cli", ["-h", "127.0.0.1", "-p", String(port), ...args], { maxBuffer: 16 * 1024 * 1024, timeout: 30_000 }, (e, stdout, stderr) => {
      if (e !== null) reject(new Error(`redis-cli ${args.join(" ").slice(0, 80)}: ${e.message} ${stderr}`))
      else resolve(stdout)
    })
    if (input !== undefined) child.stdin!.end(input)
    else child.stdin!.end()
  })
