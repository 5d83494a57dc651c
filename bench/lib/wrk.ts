// Run wrk and parse its report (requests/s and the --latency percentiles).
import { spawn } from "node:child_process"

export interface WrkResult {
  readonly requestsPerSec: number
  readonly p50Ms: number
  readonly p75Ms: number
  readonly p90Ms: number
  readonly p99Ms: number
  readonly requests: number
  /** Non-2xx/3xx responses plus socket errors. */
  readonly errors: number
}

export interface WrkOptions {
  readonly url: string
  readonly threads?: number
  readonly connections?: number
  readonly durationSec?: number
  /** A Lua script (`-s`), e.g. to vary paths and headers per request. */
  readonly script?: string
}

const toMs = (value: string, unit: string): number => {
  const n = Number(value)
  switch (unit) {
    case "us": return n / 1000
    case "ms": return n
    case "s": return n * 1000
    case "m": return n * 60_000
  }
  return Number.NaN
}

/** Parse wrk's text report. */
export const parseWrk = (out: string): WrkResult => {
  const pct = (p: string) => {
    const m = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, "m").exec(out)
    return m === null ? Number.NaN : toMs(m[1]!, m[2]!)
  }
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out)
  const total = /(\d+) requests in/.exec(out)
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(out)
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out)
  const sockErrors = sock === null ? 0 : sock.slice(1).reduce((a, b) => a + Number(b), 0)
  return {
    requestsPerSec: rps === null ? Number.NaN : Number(rps[1]),
    p50Ms: pct("50"),
    p75Ms: pct("75"),
    p90Ms: pct("90"),
    p99Ms: pct("99"),
    requests: total === null ? 0 : Number(total[1]),
    errors: (non2xx === null ? 0 : Number(non2xx[1])) + sockErrors
  }
}

/** `wrk -t<threads> -c<connections> -d<duration>s --latency <url>`, bounded in time. */
export const runWrk = (options: WrkOptions): Promise<WrkResult> =>
  new Promise((resolve, reject) => {
    const d = options.durationSec ?? 5
    const args = [`-t${options.threads ?? 1}`, `-c${options.connections ?? 32}`, `-d${d}s`, "--latency"]
    if (options.script !== undefined) args.push("-s", options.script)
    args.push(options.url)
    const child = spawn("wrk", args, { stdio: ["ignore", "pipe", "pipe"] })
    let out = ""
    child.stdout.on("data", (c: Buffer) => (out += c.toString()))
    child.stderr.on("data", (c: Buffer) => (out += c.toString()))
    const timer = setTimeout(() => child.kill("SIGKILL"), (d + 20) * 1000)
    child.on("error", reject)
    child.on("close", (code) => {
      clearTimeout(timer)
      if (code !== 0) return reject(new Error(`wrk exited ${code}: ${out}`))
      resolve(parseWrk(out))
    })
  })
