// Child processes for benchmarks: spawn, wait for a "READY <port>" line or a port, kill by PID at exit.
import { type ChildProcess, spawn, type SpawnOptions } from "node:child_process"
import * as net from "node:net"

const children = new Set<ChildProcess>()

const killAll = () => {
  for (const c of children) if (c.pid !== undefined && c.exitCode === null) {
    try {
      process.kill(c.pid, "SIGKILL")
    } catch {}
  }
}
process.on("exit", killAll)
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => {
  killAll()
  process.exit(130)
})

export interface Child {
  readonly process: ChildProcess
  readonly output: () => string
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>
}

export const startChild = (cmd: string, args: ReadonlyArray<string>, options: SpawnOptions = {}): Child => {
  const proc = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], ...options })
  children.add(proc)
  let output = ""
  proc.stdout?.on("data", (c: Buffer) => (output += c.toString()))
  proc.stderr?.on("data", (c: Buffer) => (output += c.toString()))
  proc.on("exit", () => children.delete(proc))
  return {
    process: proc,
    output: () => output,
    stop: (graceMs = 2000) =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null || proc.pid === undefined) return resolve()
        const timer = setTimeout(() => {
          try {
            process.kill(proc.pid!, "SIGKILL")
          } catch {}
        }, graceMs)
        proc.once("exit", () => {
          clearTimeout(timer)
          resolve()
        })
        try {
          process.kill(proc.pid, "SIGTERM")
        } catch {
          resolve()
        }
      })
  }
}

/** Wait for a line "READY <port>" on the child's stdout. */
export const waitReady = (child: Child, timeoutMs = 20_000): Promise<number> =>
  new Promise((resolve, reject) => {
    const started = Date.now()
    const poll = () => {
      const m = /READY (\d+)/.exec(child.output())
      if (m !== null) return resolve(Number(m[1]))
      if (child.process.exitCode !== null) return reject(new Error(`child exited: ${child.output()}`))
      if (Date.now() - started > timeoutMs) return reject(new Error(`child not ready after ${timeoutMs} ms: ${child.output()}`))
      setTimeout(poll, 25)
    }
    poll()
  })

/** Resolve once something accepts TCP connections on 127.0.0.1:`port`. */
export const waitPort = (port: number, timeoutMs = 10_000): Promise<void> =>
  new Promise((resolve, reject) => {
    const started = Date.now()
    const attempt = () => {
      const s = net.connect(port, "127.0.0.1")
      s.once("connect", () => {
        s.destroy()
        resolve()
      })
      s.once("error", () => {
        s.destroy()
        if (Date.now() - started > timeoutMs) reject(new Error(`nothing listening on ${port}`))
        else setTimeout(attempt, 25)
      })
    }
    attempt()
  })

/** A free TCP port on 127.0.0.1 (bound then released). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once("error", reject)
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port
      srv.close(() => resolve(port))
    })
  })
