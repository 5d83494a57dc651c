// Run h2load (nghttp2) for gRPC unary calls and parse its report.
import { spawn } from "node:child_process"
import { writeFileSync } from "node:fs"

export interface H2loadResult {
  readonly requestsPerSec: number
  readonly succeeded: number
  readonly failed: number
  readonly meanMs: number
  readonly raw: string
}

export const parseH2load = (out: string): H2loadResult => {
  const rps = /finished in [\d.]+\w+, ([\d.]+) req\/s/.exec(out)
  const req = /requests: (\d+) total, \d+ started, \d+ done, (\d+) succeeded, (\d+) failed/.exec(out)
  const mean = /time for request:\s+[\d.]+\w+\s+[\d.]+\w+\s+([\d.]+)(us|ms|s)/.exec(out)
  const meanMs = mean === null ? Number.NaN : Number(mean[1]) / (mean[2] === "us" ? 1000 : mean[2] === "s" ? 0.001 : 1)
  return { requestsPerSec: Number(rps?.[1] ?? Number.NaN), succeeded: Number(req?.[2] ?? 0), failed: Number(req?.[3] ?? 0), meanMs, raw: out }
}

/** A gRPC-framed request body file for h2load `-d`. */
export const grpcBodyFile = (path: string, message: Uint8Array): string => {
  const frame = new Uint8Array(5 + message.length)
  new DataView(frame.buffer).setUint32(1, message.length)
  frame.set(message, 5)
  writeFileSync(path, frame)
  return path
}

export const runH2load = (args: { url: string; bodyFile: string; clients: number; streams: number; durationSec: number; warmupSec?: number }): Promise<H2loadResult> =>
  new Promise((resolve, reject) => {
    const child = spawn("h2load", [
      "-c", String(args.clients), "-m", String(args.streams), "-t", "1",
      "-D", String(args.durationSec), "--warm-up-time", String(args.warmupSec ?? 1),
      "-d", args.bodyFile, "-H", "content-type: application/grpc", "-H", "te: trailers",
      args.url
    ], { stdio: ["ignore", "pipe", "pipe"] })
    let out = ""
    child.stdout.on("data", (b: Buffer) => (out += b.toString()))
    child.stderr.on("data", (b: Buffer) => (out += b.toString()))
    const timer = setTimeout(() => child.kill("SIGKILL"), (args.durationSec + (args.warmupSec ?? 1) + 30) * 1000)
    child.on("error", reject)
    child.on("close", () => {
      clearTimeout(timer)
      resolve(parseH2load(out))
    })
  })
