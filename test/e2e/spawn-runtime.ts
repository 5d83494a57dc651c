// Spawns a TypeScript entry point on the runtime running the test (node, bun or deno), from source.
import { spawn, type ChildProcess } from "node:child_process"

const isDeno = typeof (globalThis as { Deno?: unknown }).Deno !== "undefined"
const isBun = typeof (globalThis as { Bun?: unknown }).Bun !== "undefined"

export const runtimeName = isDeno ? "deno" : isBun ? "bun" : "node"

/**
 * Deno's node:http2 *client* fails calls in flight when a server closes the connection gracefully
 * (GOAWAY after the Deno server's per-connection stream limit, or on drain): "Premature close" /
 * "write ECANCELED". Tests that depend on that use Connect over HTTP/1.1 on Deno.
 */
export const denoHttp2ClientIsFragile = isDeno

/** Command and arguments to run `script` with `args` on the current runtime. */
export const runtimeCommand = (script: string, args: ReadonlyArray<string>): [string, Array<string>] => {
  if (isDeno) return [process.execPath, ["run", "-A", "--no-check", "--conditions=@mosaic/source", script, ...args]]
  return [process.execPath, ["--conditions=@mosaic/source", script, ...args]]
}

export interface Spawned {
  readonly child: ChildProcess
  output(): string
  /** Resolves when `re` appears in stdout/stderr (or rejects after `ms`). */
  waitFor(re: RegExp, ms?: number): Promise<RegExpMatchArray>
  /** The exit code; null when the child died of a signal. */
  exited: Promise<number | null>
  /** The signal reported with the exit. Deno's child_process reports the signal it sent even when the child handled it and exited 0. */
  signal(): string | null
}

export const spawnScript = (script: string, args: ReadonlyArray<string>): Spawned => {
  const [cmd, argv] = runtimeCommand(script, args)
  const child = spawn(cmd, argv, { stdio: ["ignore", "pipe", "pipe"] })
  let out = ""
  const listeners = new Set<() => void>()
  const take = (b: Buffer) => {
    out += b.toString()
    for (const l of listeners) l()
  }
  child.stdout!.on("data", take)
  child.stderr!.on("data", take)
  let signal: string | null = null
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code, sig) => { signal = sig; resolve(code) }))
  return {
    child,
    output: () => out,
    exited,
    signal: () => signal,
    waitFor: (re, ms = 15000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const m = out.match(re)
          if (m) {
            listeners.delete(check)
            clearTimeout(timer)
            resolve(m)
          }
        }
        const timer = setTimeout(() => {
          listeners.delete(check)
          reject(new Error(`timed out waiting for ${re}; output:\n${out}`))
        }, ms)
        listeners.add(check)
        check()
      })
  }
}
